package android.content;

public class Intent {
  public static final String ACTION_BATTERY_CHANGED = "android.intent.action.BATTERY_CHANGED";
  public static final String ACTION_BOOT_COMPLETED = "android.intent.action.BOOT_COMPLETED";
  public static final String ACTION_MY_PACKAGE_REPLACED = "android.intent.action.MY_PACKAGE_REPLACED";

  public Intent() {}

  public Intent(String action) {}

  public Intent(Context packageContext, Class<?> cls) {}

  public Intent setAction(String action) {
    return this;
  }

  public Intent setClassName(Context packageContext, String className) {
    return this;
  }

  public Intent putStringArrayListExtra(String name, java.util.ArrayList<String> value) {
    return this;
  }

  public Intent setPackage(String packageName) {
    return this;
  }

  public Intent putExtra(String name, String value) {
    return this;
  }

  public Intent putExtra(String name, int value) {
    return this;
  }

  public String getAction() {
    return null;
  }

  public String getStringExtra(String name) {
    return null;
  }

  public int getIntExtra(String name, int defaultValue) {
    return defaultValue;
  }

  public byte[] getByteArrayExtra(String name) {
    return null;
  }
}
