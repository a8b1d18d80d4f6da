package com.facebook.react;

import com.facebook.react.bridge.NativeModule;
import com.facebook.react.bridge.ReactApplicationContext;
import com.facebook.react.uimanager.ViewManager;
import java.util.Collections;
import java.util.List;

/**
 * ReactPackage.kt (React Native 0.85), as Java sees it: compiled with -Xjvm-default=all, and
 * List<ViewManager<in Nothing, in Nothing>> erases to a raw List<ViewManager>.
 */
@SuppressWarnings("rawtypes")
public interface ReactPackage {
  /** @deprecated Migrate to BaseReactPackage and implement getModule instead. */
  @Deprecated
  default List<NativeModule> createNativeModules(ReactApplicationContext reactContext) {
    return Collections.emptyList();
  }

  List<ViewManager> createViewManagers(ReactApplicationContext reactContext);

  default NativeModule getModule(String name, ReactApplicationContext reactContext) {
    return null;
  }
}
