// The agent core (src/lib) is TypeScript compiled for Node (NodeNext), so its relative imports end
// in ".js" while the files are ".ts". Metro does not map one to the other; this resolver does.
// (.cjs: the package is "type": "module", and Metro loads its config with require.)
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);
const upstream = config.resolver.resolveRequest;

config.resolver.resolveRequest = (context, moduleName, platform) => {
  const resolve = upstream ?? context.resolveRequest;
  if (/^\.{1,2}\/.*\.js$/.test(moduleName)) {
    try {
      return resolve(context, moduleName.slice(0, -'.js'.length), platform);
    } catch {
      // A real .js file: resolve it as written.
    }
  }
  return resolve(context, moduleName, platform);
};

module.exports = config;
