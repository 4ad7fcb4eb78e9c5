package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeysetPagingTest {

    @Test
    void pagingTenThousandMeetingsWhileInsertsRunReturnsEachOldMeetingExactlyOnce() throws Exception {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9")
                .apiKey("key")
                .apiSecret("0123456789abcdef0123456789abcdef")
                .clock(new MeetingManagerTest.TickingClock(Instant.parse("2026-01-01T00:00:00Z")))
                .build()) {
            MeetingManager meetings = kit.meetings();
            Set<UUID> before = new java.util.HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                before.add(meetings.create(CreateMeeting.builder("Meeting " + i, "u" + (i % 7))
                                .build())
                        .id());
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger inserted = new AtomicInteger();
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    meetings.create(CreateMeeting.builder("Late " + inserted.incrementAndGet(), "writer")
                            .build());
                    writing.countDown();
                }
            });
            writer.start();
            assertThat(writing.await(10, TimeUnit.SECONDS))
                    .as("the writer started")
                    .isTrue();

            Map<UUID, Integer> seen = new HashMap<>();
            List<Integer> pageSizes = new ArrayList<>();
            String cursor = null;
            try {
                do {
                    Page<Meeting> page = meetings.list(
                            MeetingQuery.builder().limit(100).cursor(cursor).build());
                    pageSizes.add(page.items().size());
                    page.items().forEach(m -> seen.merge(m.id(), 1, Integer::sum));
                    cursor = page.nextCursor();
                } while (cursor != null);
            } finally {
                stop.set(true);
                writer.join();
            }

            assertThat(inserted.get()).as("inserts ran while paging").isPositive();
            assertThat(seen.keySet()).containsAll(before);
            assertThat(seen.values()).allMatch(n -> n == 1);
            assertThat(pageSizes.subList(0, pageSizes.size() - 1)).allMatch(n -> n == 100);
        }
    }
}
