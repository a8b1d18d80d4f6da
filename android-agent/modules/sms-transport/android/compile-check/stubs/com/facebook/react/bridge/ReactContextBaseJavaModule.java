package com.facebook.react.bridge;

public abstract class ReactContextBaseJavaModule extends BaseJavaModule {
  public ReactContextBaseJavaModule() {}

  public ReactContextBaseJavaModule(ReactApplicationContext reactContext) {
    super(reactContext);
  }
}
