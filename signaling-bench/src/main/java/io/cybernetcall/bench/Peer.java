package io.cybernetcall.bench;

/** One connected client of a signaling server, able to send a timestamped message to another. */
interface Peer extends AutoCloseable {

  /**
   * Sends {@code payload} to {@code peer}: its timestamp marker ({@code TS<nanos>Z}) must arrive
   * readable, the rest may travel as the protocol carries it (sealed, for Cybernet Call).
   */
  void send(Peer to, String payload);

  /** The id other peers address this one by. */
  String address();

  @Override
  void close();
}
