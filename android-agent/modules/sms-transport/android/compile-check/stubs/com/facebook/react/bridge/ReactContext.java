package com.facebook.react.bridge;

public abstract class ReactContext extends android.content.ContextWrapper {
  public void emitDeviceEvent(String eventName, Object args) {}

  public abstract boolean hasActiveReactInstance();
}
