package dev.candor.common.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.vertx.core.VertxException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the client's: the ones Netty's HTTP decoder raised while reading a malformed request. */
class VertxFailureProblemsTest {

    @Test
    void aChunkSizeNettyCannotReadIsTheClientsMistake() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder());
        channel.writeInbound(Unpooled.copiedBuffer("POST /api/v1/consents HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", StandardCharsets.US_ASCII));
        Throwable cause = null;
        for (Object message; (message = channel.readInbound()) != null; ) {
            if (message instanceof HttpObject http && http.decoderResult().isFailure()) {
                cause = http.decoderResult().cause();
            }
        }
        channel.finishAndReleaseAll();

        assertThat(cause).as("Netty's decoder refused the chunk").isNotNull();
        assertThat(VertxFailureProblems.fromHttpDecoder(cause)).isTrue();
        assertThat(VertxFailureProblems.fromHttpDecoder(new VertxException("wrapped", cause))).isTrue();
        // A fault of ours with a message that looks alike is still ours.
        assertThat(VertxFailureProblems.fromHttpDecoder(new NumberFormatException("Invalid character in chunk size")))
                .isFalse();
    }

    @Test
    void aMissingHostIsNamedAndOtherVertxWordsAreNotRepeated() {
        assertThat(VertxFailureProblems.clientMistake(
                new VertxException("For HTTP/1.x requests, the 'Host' header is required")))
                .contains("valid Host header");
        assertThat(VertxFailureProblems.clientMistake(new VertxException("something internal at 0x7f")))
                .isEqualTo("the request was refused");
    }
}
