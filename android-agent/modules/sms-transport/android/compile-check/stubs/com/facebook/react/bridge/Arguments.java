package com.facebook.react.bridge;

public final class Arguments {
  public static WritableMap createMap() {
    throw new UnsupportedOperationException("stub");
  }

  public static WritableArray createArray() {
    throw new UnsupportedOperationException("stub");
  }
}
