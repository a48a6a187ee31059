package io.ib3.plan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which backups a retention policy keeps: a pure function, restic's {@code forget} semantics. Each
 * rule keeps, from the newest backup back, the newest backup of each of its last N periods that
 * have a backup (last N backups; N days; N ISO weeks; N months; N years — UTC, as backup names are);
 * a backup any rule keeps is kept, with every rule that kept it as the reason. Nothing else is
 * decided here: which objects can go is the chain's business ({@code PruneJob}).
 */
public final class Retention {

    /**
     * @param last    the N newest backups
     * @param daily   the newest backup of each of the last N days that have one
     * @param weekly  … of each of the last N ISO weeks
     * @param monthly … of each of the last N months
     * @param yearly  … of each of the last N years
     */
    public record Policy(int last, int daily, int weekly, int monthly, int yearly) {

        public Policy {
            if (last < 0 || daily < 0 || weekly < 0 || monthly < 0 || yearly < 0) {
                throw new IllegalArgumentException("keep counts must not be negative");
            }
        }

        /** A policy that keeps nothing would remove every backup: never a default. */
        public boolean keepsNothing() {
            return last + daily + weekly + monthly + yearly == 0;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            add(parts, "last", last);
            add(parts, "daily", daily);
            add(parts, "weekly", weekly);
            add(parts, "monthly", monthly);
            add(parts, "yearly", yearly);
            return String.join(", ", parts);
        }

        private static void add(List<String> parts, String what, int n) {
            if (n > 0) {
                parts.add(what + " " + n);
            }
        }
    }

    /** A backup the policy applies to. */
    public record Candidate(String name, Instant time) {
    }

    /** The policy's verdict on one backup: kept, with why, or removed. */
    public record Decision(String name, Instant time, boolean keep, List<String> reasons) {
    }

    private Retention() {
    }

    /** Verdicts for every candidate, newest first. */
    public static List<Decision> decide(List<Candidate> backups, Policy policy) {
        List<Candidate> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(Candidate::time).thenComparing(Candidate::name).reversed());
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(c -> reasons.put(c.name(), new ArrayList<>()));
        int n = 0;
        for (Candidate c : newestFirst) {
            if (n++ < policy.last()) {
                reasons.get(c.name()).add("last " + n);
            }
        }
        bucket(newestFirst, policy.daily(), "daily", t -> t.toLocalDate().toString(), reasons);
        bucket(newestFirst, policy.weekly(), "weekly",
                t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), reasons);
        bucket(newestFirst, policy.monthly(), "monthly", t -> String.format("%d-%02d", t.getYear(), t.getMonthValue()), reasons);
        bucket(newestFirst, policy.yearly(), "yearly", t -> Integer.toString(t.getYear()), reasons);
        List<Decision> out = new ArrayList<>();
        for (Candidate c : newestFirst) {
            List<String> why = reasons.get(c.name());
            out.add(new Decision(c.name(), c.time(), !why.isEmpty(), List.copyOf(why)));
        }
        return out;
    }

    /** Newest backup first: keeps one whenever its period differs from the last kept one's, {@code count} times. */
    private static void bucket(List<Candidate> newestFirst, int count, String rule, Function<ZonedDateTime, String> period,
                               Map<String, List<String>> reasons) {
        String last = null;
        int left = count;
        for (Candidate c : newestFirst) {
            if (left == 0) {
                return;
            }
            String p = period.apply(c.time().atZone(ZoneOffset.UTC));
            if (!p.equals(last)) {
                reasons.get(c.name()).add(rule + " " + p);
                last = p;
                left--;
            }
        }
    }
}
