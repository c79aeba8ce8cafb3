package io.cybernetcall.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket written by hand on a TCP socket, for what no well-behaved client sends: one
 * unfragmented frame of any size. Clients split large messages into frames of their own choosing;
 * an attacker does not.
 */
public final class RawWebSocket implements AutoCloseable {

  /** The close code when the server drops the connection without a close frame. */
  public static final int NO_CLOSE_FRAME = 1006;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.socket.setSoTimeout(10_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Upgrades {@code path} of {@code base} with the token in the Authorization header. */
  public static RawWebSocket connect(URI base, String path, String token, String origin)
      throws IOException {
    RawWebSocket ws = new RawWebSocket(new Socket(base.getHost(), base.getPort()));
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key)
            + "\r\nOrigin: "
            + origin
            + "\r\nAuthorization: Bearer "
            + token
            + "\r\n\r\n";
    ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    String status = ws.readHeaders();
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("Upgrade refused: " + status);
    }
    return ws;
  }

  /** Sends {@code text} as a single masked text frame, however long. */
  public void sendOneFrame(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException droppedWhileWriting) {
      // The server may close before reading everything; the close code tells what it did.
    }
  }

  /**
   * Reads frames until the server's close frame and returns its code, or {@link #NO_CLOSE_FRAME}
   * when the connection ends without one.
   */
  public int awaitCloseCode() throws IOException {
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if ((first & 0x0F) == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
      }
    } catch (EOFException | java.net.SocketException ended) {
      return NO_CLOSE_FRAME;
    }
  }

  private String readHeaders() throws IOException {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      headers.append((char) in.readUnsignedByte());
    }
    return headers.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
