package dev.candor.common.concurrent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClosableQueueTest {

    @Test
    void aFullQueueRefusesWithoutWaitingAndAClosedOneRefusesForGood() {
        ClosableQueue<String> queue = new ClosableQueue<>(2);
        assertThat(queue.offer("a")).isEqualTo(ClosableQueue.Offer.ACCEPTED);
        assertThat(queue.offer("b")).isEqualTo(ClosableQueue.Offer.ACCEPTED);
        assertThat(queue.offer("c")).isEqualTo(ClosableQueue.Offer.FULL);

        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.offer("c")).isEqualTo(ClosableQueue.Offer.ACCEPTED);

        queue.close();
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.offer("d")).isEqualTo(ClosableQueue.Offer.CLOSED);
        assertThat(queue.finished()).as("closed, but c is still queued").isFalse();
        assertThat(queue.drain()).containsExactly("c");
        assertThat(queue.finished()).isTrue();
    }
}
