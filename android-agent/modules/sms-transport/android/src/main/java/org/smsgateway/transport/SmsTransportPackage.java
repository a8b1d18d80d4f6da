package org.smsgateway.transport;

import com.facebook.react.ReactPackage;
import com.facebook.react.bridge.NativeModule;
import com.facebook.react.bridge.ReactApplicationContext;
import com.facebook.react.uimanager.ViewManager;
import java.util.Collections;
import java.util.List;

/**
 * Registered by autolinking. A classic (legacy) package: the New Architecture runs its module
 * through the interop layer, so no codegen spec is needed for one small module.
 */
public final class SmsTransportPackage implements ReactPackage {
  @Override
  @SuppressWarnings("deprecation") // BaseReactPackage would need a TurboModule spec; see above.
  public List<NativeModule> createNativeModules(ReactApplicationContext reactContext) {
    return Collections.<NativeModule>singletonList(new SmsTransportModule(reactContext));
  }

  @Override
  @SuppressWarnings("rawtypes") // ReactPackage's Kotlin signature is a raw List<ViewManager> in Java.
  public List<ViewManager> createViewManagers(ReactApplicationContext reactContext) {
    return Collections.emptyList();
  }
}
