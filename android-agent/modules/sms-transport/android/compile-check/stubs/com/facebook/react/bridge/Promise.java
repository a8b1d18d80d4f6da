package com.facebook.react.bridge;

/** The subset of Promise.kt (React Native 0.85) used here. */
public interface Promise {
  void resolve(Object value);

  void reject(String code, String message);

  void reject(String code, Throwable throwable);

  void reject(String code, String message, Throwable throwable);
}
