package io.cybernetcall.bench;

/** One connected client of a signaling server, able to send a timestamped message to another. */
interface Peer extends AutoCloseable {

  /** Sends {@code payload} (which carries the timestamp marker) to {@code peer}. */
  void send(Peer to, String payload);

  /** The id other peers address this one by. */
  String address();

  @Override
  void close();
}
