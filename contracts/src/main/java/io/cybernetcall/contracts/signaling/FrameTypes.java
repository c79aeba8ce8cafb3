package io.cybernetcall.contracts.signaling;

/** The {@code type} of every signaling frame (docs/protocol.md describes each one). */
public final class FrameTypes {

  // Server to client.
  public static final String WELCOME = "welcome";
  public static final String PRESENCE = "presence";
  public static final String ERROR = "error";
  public static final String REPLAY_END = "replay-end";
  public static final String ICE_SERVERS = "ice-servers";
  public static final String AUTHENTICATED = "authenticated";
  public static final String ACCEPTED = "accepted";
  public static final String CONTACTS_CHANGED = "contacts-changed";

  /** To the callee's own devices: one of them accepted or declined the call ringing on all. */
  public static final String CALL_SETTLED = "call-settled";

  /** To a user and their contacts: a device of {@code userId} added or removed its keys. */
  public static final String KEYS_CHANGED = "keys-changed";

  // Client to server (control).
  public static final String ACK = "ack";
  public static final String RESUME = "resume";
  public static final String AUTH = "auth";
  public static final String REFRESH_ICE_SERVERS = "refresh-ice-servers";

  /**
   * The client-to-server control frames: they concern the connection, so only WebSocket has them.
   */
  public static final java.util.Set<String> CONNECTION_CONTROL =
      java.util.Set.of(ACK, RESUME, AUTH, REFRESH_ICE_SERVERS);

  // Routed between peers (sent by one client, delivered to the other with id, seq and from).
  public static final String OFFER = "offer";
  public static final String ANSWER = "answer";
  public static final String CANDIDATE = "candidate";
  public static final String RINGING = "ringing";
  public static final String ACCEPT = "accept";
  public static final String REJECT = "reject";
  public static final String BUSY = "busy";
  public static final String HANGUP = "hangup";

  /** A chat message through the server, for a contact who is away (kept until it expires). */
  public static final String MESSAGE = "message";

  /** That relayed messages were delivered to, or read on, a device of their recipient. */
  public static final String MESSAGE_RECEIPT = "message-receipt";

  private FrameTypes() {}
}
