package io.ib3.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy that cuts connections at exact byte offsets: after {@code offset} bytes in one
 * direction of a connection, both sockets are closed hard (RST). Each armed cut fires once, on the
 * first connection that gets that far, so "the upload is cut after 1 MiB" happens in the middle of
 * whichever request carries the 1 MiB-th byte. Two pump threads per connection, nothing else.
 */
final class CutProxy implements AutoCloseable {

    enum Direction { UPLOAD, DOWNLOAD }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile long uploadCut = -1;
    private volatile long downloadCut = -1;
    private final AtomicInteger uploadCutsLeft = new AtomicInteger();
    private final AtomicInteger downloadCutsLeft = new AtomicInteger();
    final AtomicInteger cuts = new AtomicInteger();
    /** Bumped by every arm: a kept-alive connection counts its offset from the arm, not from its start. */
    private final AtomicInteger generation = new AtomicInteger();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();

    CutProxy(URI upstream) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cut-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next {@code times} connections that carry more than {@code offset} bytes this way are cut there. */
    void arm(Direction d, long offset, int times) {
        generation.incrementAndGet();
        if (d == Direction.UPLOAD) {
            uploadCut = offset;
            uploadCutsLeft.set(times);
        } else {
            downloadCut = offset;
            downloadCutsLeft.set(times);
        }
    }

    void disarm() {
        uploadCutsLeft.set(0);
        downloadCutsLeft.set(0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket();
                up.connect(upstream, 5000);
                open.add(client);
                open.add(up);
                pump(client, up, Direction.UPLOAD);
                pump(up, client, Direction.DOWNLOAD);
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket from, Socket to, Direction d) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            long count = 0;
            long base = 0;
            int seen = generation.get();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (seen != generation.get()) {
                        seen = generation.get();
                        base = count;
                    }
                    long cut = d == Direction.UPLOAD ? uploadCut : downloadCut;
                    AtomicInteger left = d == Direction.UPLOAD ? uploadCutsLeft : downloadCutsLeft;
                    long since = count - base;
                    if (cut >= 0 && since + n > cut && left.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                        int keep = (int) (cut - since);
                        out.write(buf, 0, keep);
                        out.flush();
                        (d == Direction.UPLOAD ? bytesUp : bytesDown).addAndGet(keep);
                        cuts.incrementAndGet();
                        reset(from);
                        reset(to);
                        return;
                    }
                    out.write(buf, 0, n);
                    count += n;
                    (d == Direction.UPLOAD ? bytesUp : bytesDown).addAndGet(n);
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                close(from);
                close(to);
            }
        }, "cut-proxy-" + d);
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST, as a dropped connection looks
        } catch (IOException ignored) {
            // already closed
        }
        close(s);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        close0(server);
        open.forEach(CutProxy::close);
    }

    private static void close0(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
