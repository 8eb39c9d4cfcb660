package dev.candor.verifier.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Where the CLI reads what it is given: files, and for trust anchors published online, https URLs. */
final class Sources {

    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Sources() {
    }

    /**
     * The bytes of a file or an https URL. Plain http (or any other scheme) is refused before anything is fetched: a
     * trust anchor read over plain http could be swapped by anyone on the network.
     *
     * @param option the option that named the source, for the messages
     * @throws UsageException the source is not allowed or cannot be read; the message says why
     */
    static byte[] fileOrHttps(String source, String option) throws UsageException {
        if (!URL.matcher(source).matches()) {
            try {
                return Files.readAllBytes(Path.of(source));
            } catch (IOException e) {
                throw new UsageException("cannot read " + option + " " + source + ": " + describe(e));
            }
        }
        if (!source.regionMatches(true, 0, "https://", 0, 8)) {
            throw new UsageException(option + " " + source + ": only a file or an https:// URL is accepted (over"
                    + " plain http anyone on the network could swap the keys; download them over https, or copy"
                    + " them to a file)");
        }
        URI uri;
        try {
            uri = URI.create(source);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + source + ": not a URL (" + e.getMessage() + ")");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new UsageException("cannot fetch " + option + " " + source + ": the server answered HTTP "
                        + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UsageException("cannot fetch " + option + " " + source + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("cannot fetch " + option + " " + source + ": interrupted");
        }
    }

    /** Why reading failed, in words: many of these exceptions carry no message of their own ("null"). */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ConnectException) {
                return "connection refused or unreachable" + detail(cause);
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host" + detail(cause);
            }
            if (cause instanceof SSLException) {
                return "TLS failed" + detail(cause);
            }
            cause = cause.getCause();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
    }

    private static String detail(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "" : " (" + t.getMessage() + ")";
    }
}
