package dev.candor.stack.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An open-loop HTTP/1.1 load: requests are due at a fixed rate whatever the server does, and each latency is
 * counted from the moment its request was due, not from when a connection was free to send it. That is the question
 * "n requests per second with p99 ≤ x" asks; wrk is closed-loop (each connection waits for its answer before the next
 * request), so a stall delays the requests it would have sent and their wait is never counted (coordinated omission).
 * One thread and one selector: requests due while every connection is busy queue here, and that wait counts.
 */
final class OpenLoad {

    /** What one run measured. Latencies in milliseconds from the moment each request was due. */
    record Result(double offeredPerSecond, double completedPerSecond, long completed, long non2xx, long late,
                  double p50, double p90, double p99, double p999, double max) {

        String row() {
            return String.format("%,.0f/s offered, %,.0f/s answered (%,d), p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                            + "p99.9 %.2f ms, max %.1f ms, non-2xx %d, unanswered at the end %d",
                    offeredPerSecond, completedPerSecond, completed, p50, p90, p99, p999, max, non2xx, late);
        }
    }

    private final InetSocketAddress address;
    private final String head;
    private final Supplier<String> body;

    /**
     * @param headers sent with every request (Host, Content-Type and Content-Length are added)
     * @param body    the next request's JSON body
     */
    OpenLoad(String host, int port, String path, Map<String, String> headers, Supplier<String> body) {
        this.address = new InetSocketAddress(host, port);
        StringBuilder h = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append(':').append(port).append("\r\nContent-Type: application/json\r\n");
        headers.forEach((name, value) -> h.append(name).append(": ").append(value).append("\r\n"));
        this.head = h.toString();
        this.body = body;
    }

    /** Offers {@code rate} requests per second for {@code seconds} over at most {@code connections} connections. */
    Result run(double rate, int seconds, int connections) throws IOException {
        long total = (long) (rate * seconds);
        long[] latencies = new long[(int) total];
        int done = 0;
        long non2xx = 0;
        ArrayDeque<Long> due = new ArrayDeque<>();
        ArrayDeque<Connection> idle = new ArrayDeque<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                idle.add(new Connection(selector));
            }
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            double interval = 1e9 / rate;
            long issued = 0;
            long deadline = end + 10_000_000_000L;  // answers still open 10 s after the last is due count as late
            while (done < total && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                while (issued < total && start + (long) (issued * interval) <= now) {
                    due.add(start + (long) (issued * interval));
                    issued++;
                }
                while (!due.isEmpty() && !idle.isEmpty()) {
                    idle.poll().send(due.poll(), body.get());
                }
                long next = issued < total ? start + (long) (issued * interval) : now + 1_000_000;
                long wait = next - System.nanoTime();
                if (wait <= 0 && !idle.isEmpty()) {
                    selector.selectNow();
                } else {
                    // At least 1 ms (the selector's unit): spinning would take a core from the server under test. An
                    // answer wakes it at once; a request due meanwhile goes out up to 1 ms late, and that counts.
                    selector.select(Math.max(1, wait / 1_000_000));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    int status = c.read();
                    if (status > 0) {
                        latencies[done++] = System.nanoTime() - c.dueAt;
                        if (status / 100 != 2) {
                            non2xx++;
                        }
                        if (!due.isEmpty()) {
                            c.send(due.poll(), body.get());
                        } else {
                            idle.add(c);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] measured = Arrays.copyOf(latencies, done);
            Arrays.sort(measured);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            return new Result(rate, done / Math.max(elapsed, seconds), done, non2xx, total - done,
                    percentile(measured, 0.50), percentile(measured, 0.90), percentile(measured, 0.99),
                    percentile(measured, 0.999), done == 0 ? Double.NaN : measured[done - 1] / 1e6);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** One keep-alive connection with at most one request in flight; reads just enough HTTP to find each answer's end. */
    private final class Connection {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        private long dueAt;

        Connection(Selector selector) throws IOException {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        void send(long dueAt, String json) throws IOException {
            this.dueAt = dueAt;
            byte[] content = json.getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.wrap((head + "Content-Length: " + content.length + "\r\n\r\n" + json)
                    .getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);  // a request is a few hundred bytes: the socket buffer always takes it
            }
        }

        /** The answer's status once it is complete; 0 while it is not. */
        int read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed a connection");
            }
            int length = in.position();
            byte[] bytes = in.array();
            int headEnd = indexOf(bytes, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            if (headEnd < 0) {
                return 0;
            }
            String headers = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headers.substring(9, 12));
            int bodyStart = headEnd + 4;
            int complete;
            String lower = headers.toLowerCase(java.util.Locale.ROOT);
            int cl = lower.indexOf("\r\ncontent-length:");
            if (cl >= 0) {
                int eol = lower.indexOf("\r\n", cl + 2);
                int contentLength = Integer.parseInt(lower.substring(cl + 17, eol < 0 ? lower.length() : eol).trim());
                complete = length >= bodyStart + contentLength ? bodyStart + contentLength : -1;
            } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
                complete = chunkedEnd(bytes, length, bodyStart);
            } else {
                throw new IOException("an answer without Content-Length or chunked encoding");
            }
            if (complete < 0) {
                return 0;
            }
            if (complete != length) {
                throw new IOException("more bytes than one answer: the server sent something unasked");
            }
            in.clear();
            return status;
        }
    }

    /** The end of a chunked body (after its last chunk and trailer), or -1 when it has not all arrived. */
    private static int chunkedEnd(byte[] bytes, int length, int from) {
        int at = from;
        while (true) {
            int eol = indexOf(bytes, length, new byte[]{'\r', '\n'}, at);
            if (eol < 0) {
                return -1;
            }
            String size = new String(bytes, at, eol - at, StandardCharsets.US_ASCII);
            int semicolon = size.indexOf(';');
            int chunk = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            at = eol + 2;
            if (chunk == 0) {
                int trailerEnd = indexOf(bytes, length, new byte[]{'\r', '\n'}, at);
                while (trailerEnd > at) {  // skip trailer fields up to the empty line
                    at = trailerEnd + 2;
                    trailerEnd = indexOf(bytes, length, new byte[]{'\r', '\n'}, at);
                }
                return trailerEnd < 0 ? -1 : trailerEnd + 2;
            }
            at += chunk + 2;
            if (at > length) {
                return -1;
            }
        }
    }

    private static int indexOf(byte[] bytes, int length, byte[] what, int from) {
        outer:
        for (int i = from; i <= length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
