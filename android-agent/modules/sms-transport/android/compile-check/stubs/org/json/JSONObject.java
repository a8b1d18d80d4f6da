package org.json;

public class JSONObject {
  public JSONObject() {}

  public JSONObject(String json) throws JSONException {}

  public String getString(String name) throws JSONException {
    throw new JSONException("stub");
  }

  public boolean optBoolean(String name) {
    return false;
  }

  public boolean has(String name) {
    return false;
  }

  public JSONObject put(String name, int value) throws JSONException {
    return this;
  }

  public JSONObject put(String name, long value) throws JSONException {
    return this;
  }

  public JSONObject put(String name, Object value) throws JSONException {
    return this;
  }

  public String optString(String name) {
    return "";
  }

  public long optLong(String name) {
    return 0;
  }

  public int optInt(String name, int fallback) {
    return fallback;
  }
}
