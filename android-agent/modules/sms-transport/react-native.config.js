// Read by React Native autolinking (in this app: expo-modules-autolinking, which finds this folder
// because it scans the app's ./modules by default). Stated rather than inferred from android/.
module.exports = {
  dependency: {
    platforms: {
      android: {
        sourceDir: './android',
        packageImportPath: 'import org.smsgateway.transport.SmsTransportPackage;',
        packageInstance: 'new SmsTransportPackage()',
      },
      ios: null,
    },
  },
};
