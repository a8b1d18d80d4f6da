package com.facebook.react.bridge;

public interface WritableArray extends ReadableArray {
  void pushMap(ReadableMap map);
}
