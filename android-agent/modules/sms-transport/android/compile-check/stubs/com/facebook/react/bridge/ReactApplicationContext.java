package com.facebook.react.bridge;

public abstract class ReactApplicationContext extends ReactContext {}
