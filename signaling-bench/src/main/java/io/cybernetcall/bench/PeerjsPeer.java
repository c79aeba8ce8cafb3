package io.cybernetcall.bench;

import io.cybernetcall.testsupport.Frames;
import io.cybernetcall.testsupport.SignalingSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A peerjs-server client (the PeerJS wire protocol: OPEN, then CANDIDATE messages with dst). */
final class PeerjsPeer implements Peer {

  private final SignalingSocket connection;
  private final String id = "bench" + UUID.randomUUID().toString().replace("-", "");
  private final CountDownLatch opened = new CountDownLatch(1);

  PeerjsPeer(HttpClient client, String baseUrl, Consumer<String> onMessage) throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    connection =
        SignalingSocket.open(
            client,
            URI.create(
                baseUrl.replaceFirst("^http", "ws")
                    + "/peerjs?key=peerjs&id="
                    + id
                    + "&token="
                    + token),
            Map.of(),
            new String[0],
            message -> {
              if ("OPEN".equals(Frames.type(message))) {
                opened.countDown();
              } else {
                onMessage.accept(message);
              }
            });
    if (!opened.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("peerjs-server did not open " + id);
    }
  }

  /** peerjs-server drops clients that stay silent; real PeerJS clients send this every 5 s. */
  void heartbeat() {
    connection.send("{\"type\":\"HEARTBEAT\"}");
  }

  @Override
  public void send(Peer to, String payload) {
    connection.send(
        "{\"type\":\"CANDIDATE\",\"payload\":{\"candidate\":{\"candidate\":\"%s\",\"sdpMid\":\"0\"},\"type\":\"data\",\"connectionId\":\"dc_bench\"},\"dst\":\"%s\"}"
            .formatted(payload, to.address()));
  }

  @Override
  public String address() {
    return id;
  }

  @Override
  public void close() {
    connection.close();
  }
}
