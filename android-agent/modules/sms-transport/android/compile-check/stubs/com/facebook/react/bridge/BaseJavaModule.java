package com.facebook.react.bridge;

public abstract class BaseJavaModule implements NativeModule {
  public BaseJavaModule() {}

  public BaseJavaModule(ReactApplicationContext reactContext) {}

  @Override
  public void initialize() {}

  @Override
  public boolean canOverrideExistingModule() {
    return false;
  }

  @Override
  public void invalidate() {}

  protected final ReactApplicationContext getReactApplicationContext() {
    throw new UnsupportedOperationException("stub");
  }
}
