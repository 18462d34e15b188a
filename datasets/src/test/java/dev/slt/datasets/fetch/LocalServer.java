package dev.slt.datasets.fetch;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 (ephemeral port) serving byte arrays by file name; can cut one response short. */
final class LocalServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> truncateTo = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    LocalServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().replaceFirst("^/files/", "");
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            Integer cut = truncateTo.get(name);
            out.write(body, 0, cut == null ? body.length : cut);
            out.flush();
            try {
                out.close();
            } catch (IOException expected) {
                // closing a fixed-length response early fails on purpose: the connection drops
            }
            exchange.close();
        });
        server.start();
    }

    LocalServer serve(String name, byte[] body) {
        files.put(name, body);
        return this;
    }

    /** Announces the full length of {@code name} but sends only {@code bytes} of it and then nothing more (a stalled server). */
    LocalServer stall(String name, int bytes) {
        truncateTo.put(name, bytes);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
    }

    /**
     * A one-shot server on 127.0.0.1 that answers the first request with a 200 announcing
     * {@code body.length} bytes, sends {@code bytes} of them and closes the connection; returns its base URL.
     */
    static String truncating(byte[] body, int bytes) throws IOException {
        var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (socket; Socket c = socket.accept()) {
                var in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) { /* the request: ignored */ }
                OutputStream out = c.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, bytes);
                out.flush();
            } catch (IOException ignored) {
                // the client went away: nothing to clean up
            }
        });
        return "http://127.0.0.1:" + socket.getLocalPort() + "/files/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
