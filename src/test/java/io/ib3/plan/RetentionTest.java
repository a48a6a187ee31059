package io.ib3.plan;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restic's forget semantics: per rule, the newest backup of each of the last N periods that have one. */
class RetentionTest {

    /** Backups at the given UTC times, named by time. */
    private static List<Retention.Candidate> at(String... times) {
        List<Retention.Candidate> out = new ArrayList<>();
        for (String t : times) {
            out.add(new Retention.Candidate(t, Instant.parse(t)));
        }
        return out;
    }

    private static Map<String, List<String>> kept(List<Retention.Decision> d) {
        Map<String, List<String>> out = new TreeMap<>();
        d.stream().filter(Retention.Decision::keep).forEach(x -> out.put(x.name(), x.reasons()));
        return out;
    }

    @Test
    void keepLastKeepsTheNewest() {
        List<Retention.Decision> d = Retention.decide(at("2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-02T00:00:00Z"),
                new Retention.Policy(2, 0, 0, 0, 0));
        assertEquals(Map.of("2026-11-03T00:00:00Z", List.of("last 1"), "2026-11-02T00:00:00Z", List.of("last 2")), kept(d));
        assertEquals("2026-11-03T00:00:00Z", d.get(0).name(), "newest first");
    }

    @Test
    void dailyKeepsTheNewestOfEachOfTheLastDaysThatHaveBackups() {
        // two on the 30th, none on the 29th, one on the 28th and on the 27th
        List<Retention.Decision> d = Retention.decide(at("2026-11-30T02:00:00Z", "2026-11-30T23:00:00Z",
                "2026-11-28T12:00:00Z", "2026-11-27T12:00:00Z"), new Retention.Policy(0, 2, 0, 0, 0));
        assertEquals(Map.of("2026-11-30T23:00:00Z", List.of("daily 2026-11-30"), "2026-11-28T12:00:00Z", List.of("daily 2026-11-28")),
                kept(d), "days without a backup do not count");
    }

    @Test
    void weeksAreIsoWeeksAndMonthsAndYearsCalendarOnes() {
        // 2026-12-28 (Monday) is in ISO week 2026-W53; 2027-01-03 (Sunday) too; 2027-01-04 starts 2027-W01
        List<Retention.Decision> d = Retention.decide(at("2026-12-28T00:00:00Z", "2027-01-03T00:00:00Z", "2027-01-04T00:00:00Z"),
                new Retention.Policy(0, 0, 2, 0, 0));
        assertEquals(Map.of("2027-01-04T00:00:00Z", List.of("weekly 2027-W01"), "2027-01-03T00:00:00Z", List.of("weekly 2026-W53")), kept(d));
        d = Retention.decide(at("2026-10-31T00:00:00Z", "2026-11-15T00:00:00Z", "2026-11-30T00:00:00Z", "2025-06-01T00:00:00Z"),
                new Retention.Policy(0, 0, 0, 2, 2));
        assertEquals(Map.of("2026-11-30T00:00:00Z", List.of("monthly 2026-11", "yearly 2026"),
                "2026-10-31T00:00:00Z", List.of("monthly 2026-10"),
                "2025-06-01T00:00:00Z", List.of("yearly 2025")), kept(d));
    }

    @Test
    void rulesAddUpAndEveryReasonIsSaid() {
        // one month holds all three: monthly keeps its newest only, as daily does for the day
        List<Retention.Decision> d = Retention.decide(at("2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", "2026-11-01T00:00:00Z"),
                new Retention.Policy(1, 1, 0, 2, 0));
        assertEquals(Map.of("2026-11-30T11:00:00Z", List.of("last 1", "daily 2026-11-30", "monthly 2026-11")), kept(d));
        assertEquals(2, d.stream().filter(x -> !x.keep() && x.reasons().isEmpty()).count());
    }

    @Test
    void aPolicyKeepsNothingOnlyWhenAllCountsAreZeroAndNegativeCountsAreRefused() {
        assertTrue(new Retention.Policy(0, 0, 0, 0, 0).keepsNothing());
        assertThrows(IllegalArgumentException.class, () -> new Retention.Policy(-1, 0, 0, 0, 0));
    }
}
