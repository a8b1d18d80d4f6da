package android.content;

public class Intent {
  public Intent(String action) {}

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
