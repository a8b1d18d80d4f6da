package android.app;

public class Activity extends android.content.ContextWrapper {
  public static final int RESULT_OK = -1;
}
