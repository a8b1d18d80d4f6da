package com.facebook.react.uimanager;

/** The real bounds are View and ReactShadowNode; only the raw type is used here. */
public abstract class ViewManager<T, C> {}
