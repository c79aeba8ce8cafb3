package io.cybernetcall.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A Redis of the campaign's own, configured as the deployments configure theirs (AOF, fsync every
 * second), so killing it with -9 hurts nobody else and loses what production would lose.
 */
final class PrivateRedis implements AutoCloseable {

  private final int port;
  private final Path dir;
  private Process process;

  PrivateRedis(int port, Path dir) throws IOException {
    this.port = port;
    this.dir = Files.createDirectories(dir);
  }

  int port() {
    return port;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() throws IOException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (pong()) {
        return;
      }
      Pause.millis(50);
    }
    throw new IllegalStateException("Redis did not start on port " + port);
  }

  /** SIGKILL: no AOF rewrite, no goodbye; what was fsynced survives. */
  void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean pong() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
    }
  }
}
