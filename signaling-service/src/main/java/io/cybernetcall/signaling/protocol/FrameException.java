package io.cybernetcall.signaling.protocol;

/** A frame the server refuses; becomes an {@code error} frame (or a problem over HTTP). */
public class FrameException extends RuntimeException {

  private final String code;
  private final String ref;

  public FrameException(String code, String message) {
    this(code, message, null);
  }

  public FrameException(String code, String message, String ref) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
  }

  public String code() {
    return code;
  }

  /** The client's correlation id of the refused frame, when it gave one. */
  public String ref() {
    return ref;
  }

  public FrameException withRef(String frameRef) {
    return ref != null || frameRef == null
        ? this
        : new FrameException(code, getMessage(), frameRef);
  }
}
