package io.memrun.cloud.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's desired state, in an H2 file: the services it runs (artifact, worker count,
 * revision), each slot's generation (bumped when a slot's server is replaced, so the next server
 * gets a new deterministic name), bootstrap and API tokens (hashed), and an event log. What exists
 * in the cloud is never stored here as truth: the reconciler observes it (servers by label,
 * heartbeats, the consumer group) every round, so a scheduler killed at any point and restarted
 * continues from what is really there.
 */
public final class CloudState implements AutoCloseable {
    private final Connection db;

    private CloudState(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS cloud_services (
                      name VARCHAR(63) PRIMARY KEY,
                      artifact_sha VARCHAR(64) NOT NULL,
                      artifact_kind VARCHAR(16) NOT NULL,
                      workers INT NOT NULL,
                      revision INT NOT NULL,
                      destroying BOOLEAN NOT NULL,
                      delete_topics BOOLEAN NOT NULL,
                      updated_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS slots (
                      service VARCHAR(63) NOT NULL,
                      slot INT NOT NULL,
                      generation INT NOT NULL,
                      PRIMARY KEY (service, slot))""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS bootstrap_tokens (
                      token_hash VARCHAR(64) PRIMARY KEY,
                      server_name VARCHAR(63) NOT NULL,
                      service VARCHAR(63) NOT NULL,
                      slot INT NOT NULL,
                      revision INT NOT NULL,
                      expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
                      used_at TIMESTAMP WITH TIME ZONE)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS api_tokens (
                      token_hash VARCHAR(64) PRIMARY KEY,
                      role VARCHAR(16) NOT NULL,
                      service VARCHAR(63),
                      created_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS revisions (
                      service VARCHAR(63) NOT NULL,
                      revision INT NOT NULL,
                      artifact_sha VARCHAR(64) NOT NULL,
                      artifact_kind VARCHAR(16) NOT NULL,
                      deployed_at TIMESTAMP WITH TIME ZONE NOT NULL,
                      PRIMARY KEY (service, revision))""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS rollouts (
                      service VARCHAR(63) PRIMARY KEY,
                      from_revision INT NOT NULL,
                      to_revision INT NOT NULL,
                      state VARCHAR(16) NOT NULL,
                      reason VARCHAR(2000) NOT NULL,
                      canary BOOLEAN NOT NULL,
                      warm BOOLEAN NOT NULL,
                      revertible BOOLEAN NOT NULL,
                      started_at TIMESTAMP WITH TIME ZONE NOT NULL,
                      finished_at TIMESTAMP WITH TIME ZONE)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS worker_logs (
                      id BIGINT AUTO_INCREMENT PRIMARY KEY,
                      kafka_offset BIGINT NOT NULL,
                      service VARCHAR(63) NOT NULL,
                      slot VARCHAR(16) NOT NULL,
                      server VARCHAR(63) NOT NULL,
                      at TIMESTAMP WITH TIME ZONE NOT NULL,
                      level VARCHAR(8) NOT NULL,
                      line VARCHAR(8200) NOT NULL)""");
            s.execute("CREATE INDEX IF NOT EXISTS worker_logs_by_service ON worker_logs (service, id)");
            s.execute("CREATE TABLE IF NOT EXISTS log_position (id INT PRIMARY KEY, next_offset BIGINT NOT NULL)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS events (
                      id BIGINT AUTO_INCREMENT PRIMARY KEY,
                      at TIMESTAMP WITH TIME ZONE NOT NULL,
                      service VARCHAR(63) NOT NULL,
                      message VARCHAR(2000) NOT NULL)""");
        }
    }

    /** Opens (or creates) the state database in {@code dir}. */
    public static CloudState open(Path dir) throws SQLException {
        // WRITE_DELAY=0: a commit is on disk before the call returns. H2 otherwise flushes up to a
        // second later, and a scheduler killed in that second would lose a bootstrap token whose
        // server already exists (it could never enroll) or a slot's generation (the next create
        // would reuse a dead server's name).
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("cloud") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        CloudState state = new CloudState(DriverManager.getConnection(url, "memrun", ""));
        io.memrun.runtime.files.OwnerOnlyFiles.restrict(dir, "cloud");
        return state;
    }

    /** An in-memory state (tests). */
    public static CloudState inMemory(String name) throws SQLException {
        return new CloudState(DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "memrun", ""));
    }

    /** A service as the scheduler wants it. */
    public record DesiredService(String name, String artifactSha, String artifactKind, int workers, int revision,
                                 boolean destroying, boolean deleteTopics, Instant updatedAt) {
    }

    /** Records a deploy: the artifact and worker count of {@code revision}. */
    public synchronized void putService(String name, String artifactSha, String artifactKind, int workers, int revision)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "MERGE INTO cloud_services KEY (name) VALUES (?,?,?,?,?,FALSE,FALSE,?)")) {
            ps.setString(1, name);
            ps.setString(2, artifactSha);
            ps.setString(3, artifactKind);
            ps.setInt(4, workers);
            ps.setInt(5, revision);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** Sets a service's worker count. */
    public synchronized void setWorkers(String name, int workers) throws SQLException {
        update("UPDATE cloud_services SET workers = ?, updated_at = ? WHERE name = ?", workers, name);
    }

    /** Marks a service for teardown. */
    public synchronized void markDestroying(String name, boolean deleteTopics) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE cloud_services SET destroying = TRUE, delete_topics = (delete_topics OR ?), updated_at = ? WHERE name = ?")) {
            ps.setBoolean(1, deleteTopics);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    /** Forgets a service whose teardown finished. */
    public synchronized void removeService(String name) throws SQLException {
        for (String sql : List.of("DELETE FROM cloud_services WHERE name = ?", "DELETE FROM slots WHERE service = ?",
                "DELETE FROM rollouts WHERE service = ?", "DELETE FROM revisions WHERE service = ?",
                "DELETE FROM worker_logs WHERE service = ?")) {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
    }

    private void update(String sql, int value, String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setInt(1, value);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    /** The service, if the scheduler runs (or is tearing down) one by that name. */
    public synchronized Optional<DesiredService> service(String name) throws SQLException {
        return services().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every service, by name. */
    public synchronized List<DesiredService> services() throws SQLException {
        List<DesiredService> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM cloud_services ORDER BY name")) {
            while (rs.next()) {
                out.add(new DesiredService(rs.getString("name"), rs.getString("artifact_sha"), rs.getString("artifact_kind"),
                        rs.getInt("workers"), rs.getInt("revision"), rs.getBoolean("destroying"),
                        rs.getBoolean("delete_topics"), rs.getTimestamp("updated_at").toInstant()));
            }
        }
        return out;
    }

    /** One deployed revision of a service: what it ran. */
    public record Revision(String service, int revision, String artifactSha, String artifactKind, Instant deployedAt) {
    }

    /** Remembers what {@code revision} runs, for reverts and rollbacks. */
    public synchronized void recordRevision(String service, int revision, String artifactSha, String artifactKind)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO revisions KEY (service, revision) VALUES (?,?,?,?,?)")) {
            ps.setString(1, service);
            ps.setInt(2, revision);
            ps.setString(3, artifactSha);
            ps.setString(4, artifactKind);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** The service's revisions, oldest first. */
    public synchronized List<Revision> revisions(String service) throws SQLException {
        List<Revision> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT * FROM revisions WHERE service = ? ORDER BY revision")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Revision(service, rs.getInt("revision"), rs.getString("artifact_sha"),
                            rs.getString("artifact_kind"), rs.getTimestamp("deployed_at").toInstant()));
                }
            }
        }
        return out;
    }

    /** Where a rollout is. */
    public enum RolloutState {
        /** Replacing slots one at a time. */
        ROLLING,
        /** A canary slot was replaced; waiting for {@code promote}. */
        PAUSED,
        /** Every slot runs the new revision. */
        DONE,
        /** The new revision failed; slots go back to the previous one. */
        REVERTING,
        /** Every slot runs the previous revision again. */
        REVERTED;

        /** Whether the rollout still has work to do. */
        public boolean active() {
            return this == ROLLING || this == PAUSED || this == REVERTING;
        }
    }

    /**
     * A service's latest rollout.
     *
     * @param fromRevision the revision it replaces; 0 for a first deploy
     * @param toRevision the revision it rolls out
     * @param reason why it was reverted; empty otherwise
     * @param canary whether it pauses after the first slot
     * @param warm whether successors warm up from their predecessor's hot set before they take over
     * @param revertible whether a failure of the new revision reverts to {@code fromRevision} (not for
     *     a rollback, whose "from" is the revision being taken back)
     */
    public record Rollout(String service, int fromRevision, int toRevision, RolloutState state, String reason,
                          boolean canary, boolean warm, boolean revertible, Instant startedAt, Optional<Instant> finishedAt) {
    }

    /** Starts a rollout from {@code from} to {@code to}, replacing the service's last one. */
    public synchronized void startRollout(String service, int from, int to, boolean canary, boolean warm, boolean revertible)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO rollouts KEY (service) VALUES (?,?,?,?,'',?,?,?,?,NULL)")) {
            ps.setString(1, service);
            ps.setInt(2, from);
            ps.setInt(3, to);
            ps.setString(4, RolloutState.ROLLING.name());
            ps.setBoolean(5, canary);
            ps.setBoolean(6, warm);
            ps.setBoolean(7, revertible);
            ps.setTimestamp(8, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** A paused canary rolls on to the other slots (and pauses no more). */
    public synchronized void promote(String service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE rollouts SET state = ?, canary = FALSE WHERE service = ? AND state = ?")) {
            ps.setString(1, RolloutState.ROLLING.name());
            ps.setString(2, service);
            ps.setString(3, RolloutState.PAUSED.name());
            ps.executeUpdate();
        }
    }

    /** The service's latest rollout, if it had one. */
    public synchronized Optional<Rollout> rollout(String service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT * FROM rollouts WHERE service = ?")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp finished = rs.getTimestamp("finished_at");
                return Optional.of(new Rollout(service, rs.getInt("from_revision"), rs.getInt("to_revision"),
                        RolloutState.valueOf(rs.getString("state")), rs.getString("reason"), rs.getBoolean("canary"),
                        rs.getBoolean("warm"), rs.getBoolean("revertible"), rs.getTimestamp("started_at").toInstant(), Optional.ofNullable(finished).map(Timestamp::toInstant)));
            }
        }
    }

    /** Moves the rollout to {@code next}; a final state records when it finished. */
    public synchronized void setRolloutState(String service, RolloutState next) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE rollouts SET state = ?, finished_at = ? WHERE service = ?")) {
            ps.setString(1, next.name());
            ps.setTimestamp(2, next.active() ? null : Timestamp.from(Instant.now()));
            ps.setString(3, service);
            ps.executeUpdate();
        }
    }

    /**
     * Reverts a failed rollout: the service wants its previous revision (and artifact) again, and
     * the rollout records why. Returns false if there is nothing to go back to (a first deploy).
     */
    public synchronized boolean revert(String service, String reason) throws SQLException {
        Optional<Rollout> r = rollout(service);
        if (r.isEmpty() || r.get().fromRevision() == 0) {
            return false;
        }
        Optional<Revision> previous = revisions(service).stream().filter(v -> v.revision() == r.get().fromRevision())
                .findFirst();
        if (previous.isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE cloud_services SET revision = ?, artifact_sha = ?, artifact_kind = ?, updated_at = ? WHERE name = ?")) {
            ps.setInt(1, previous.get().revision());
            ps.setString(2, previous.get().artifactSha());
            ps.setString(3, previous.get().artifactKind());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setString(5, service);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("UPDATE rollouts SET state = ?, reason = ? WHERE service = ?")) {
            ps.setString(1, RolloutState.REVERTING.name());
            ps.setString(2, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            ps.setString(3, service);
            ps.executeUpdate();
        }
        return true;
    }

    /** The slot's generation: 0 until its server is first replaced. */
    public synchronized int generation(String service, int slot) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT generation FROM slots WHERE service = ? AND slot = ?")) {
            ps.setString(1, service);
            ps.setInt(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Moves the slot to its next generation (its current server is being replaced); returns it. */
    public synchronized int nextGeneration(String service, int slot) throws SQLException {
        int next = generation(service, slot) + 1;
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO slots KEY (service, slot) VALUES (?,?,?)")) {
            ps.setString(1, service);
            ps.setInt(2, slot);
            ps.setInt(3, next);
            ps.executeUpdate();
        }
        return next;
    }

    /** Stores a new server's bootstrap token (hashed), valid until {@code expiresAt}. */
    public synchronized void addBootstrapToken(String tokenHash, String serverName, String service, int slot, int revision,
                                               Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO bootstrap_tokens VALUES (?,?,?,?,?,?,NULL)")) {
            ps.setString(1, tokenHash);
            ps.setString(2, serverName);
            ps.setString(3, service);
            ps.setInt(4, slot);
            ps.setInt(5, revision);
            ps.setTimestamp(6, Timestamp.from(expiresAt));
            ps.executeUpdate();
        }
    }

    /** Why a bootstrap token was refused, or {@code OK}. */
    public enum Redemption { OK, UNKNOWN, WRONG_SERVER, EXPIRED, ALREADY_USED }

    /** The outcome of {@link #redeemBootstrapToken}: on {@code OK}, what the server was created for. */
    public record Redeemed(Redemption result, String service, int slot, int revision) {
        static Redeemed refused(Redemption why) {
            return new Redeemed(why, "", -1, 0);
        }
    }

    /** Uses a bootstrap token once: only for its own server, only before it expires, only once. */
    public synchronized Redeemed redeemBootstrapToken(String tokenHash, String serverName, Instant now) throws SQLException {
        Redeemed ok;
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT server_name, expires_at, used_at, service, slot, revision FROM bootstrap_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Redeemed.refused(Redemption.UNKNOWN);
                }
                if (!rs.getString(1).equals(serverName)) {
                    return Redeemed.refused(Redemption.WRONG_SERVER);
                }
                if (rs.getTimestamp(3) != null) {
                    return Redeemed.refused(Redemption.ALREADY_USED);
                }
                if (rs.getTimestamp(2).toInstant().isBefore(now)) {
                    return Redeemed.refused(Redemption.EXPIRED);
                }
                ok = new Redeemed(Redemption.OK, rs.getString(4), rs.getInt(5), rs.getInt(6));
            }
        }
        try (PreparedStatement ps = db.prepareStatement("UPDATE bootstrap_tokens SET used_at = ? WHERE token_hash = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, tokenHash);
            ps.executeUpdate();
        }
        return ok;
    }

    /** An API token: {@code admin}, or {@code invoke} for one service. */
    public record ApiToken(String role, String service) {
    }

    /** Stores an API token (hashed). */
    public synchronized void addApiToken(String tokenHash, String role, String service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO api_tokens KEY (token_hash) VALUES (?,?,?,?)")) {
            ps.setString(1, tokenHash);
            ps.setString(2, role);
            ps.setString(3, service);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** Makes {@code tokenHash} the only admin token. */
    public synchronized void replaceAdminToken(String tokenHash) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM api_tokens WHERE role = 'admin' AND token_hash <> ?")) {
            ps.setString(1, tokenHash);
            ps.executeUpdate();
        }
        addApiToken(tokenHash, "admin", null);
    }

    /** Revokes a service's invoke tokens (it was destroyed: a new service of that name starts without them). */
    public synchronized void deleteInvokeTokens(String service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM api_tokens WHERE role = 'invoke' AND service = ?")) {
            ps.setString(1, service);
            ps.executeUpdate();
        }
    }

    /** The token with this hash, if any. */
    public synchronized Optional<ApiToken> apiToken(String tokenHash) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT role, service FROM api_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ApiToken(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Appends to a service's event log. */
    public synchronized void event(String service, String message) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO events (at, service, message) VALUES (?,?,?)")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, service);
            ps.setString(3, message.length() > 2000 ? message.substring(0, 2000) : message);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM events WHERE service = ? AND id <= "
                + "(SELECT COALESCE(MAX(id), 0) - 1000 FROM events WHERE service = ?)")) {
            ps.setString(1, service);
            ps.setString(2, service);
            ps.executeUpdate();
        }
    }

    /** Appends an event unless the service's last event says the same (a failing round repeats). */
    public synchronized void eventUnlessRepeated(String service, String message) throws SQLException {
        List<Event> last = events(service, 0, 1);
        if (last.isEmpty() || !last.get(0).message().equals(message.length() > 2000 ? message.substring(0, 2000) : message)) {
            event(service, message);
        }
    }

    /** How many log lines per service are kept. */
    public static final int LOG_LINES_KEPT = 20_000;

    /** A worker's log line as the scheduler keeps it. */
    public record LogLine(long id, String service, String slot, String server, Instant at, String level, String line) {
    }

    /** Stores the lines of one batch (read at {@code kafkaOffset}), keeping the newest lines per service. */
    public synchronized void addLogLines(long kafkaOffset, String service, String slot, String server,
                                         List<io.memrun.runtime.logs.LogBatch.Line> lines) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO worker_logs (kafka_offset, service, slot, server, at, level, line) VALUES (?,?,?,?,?,?,?)")) {
            for (io.memrun.runtime.logs.LogBatch.Line l : lines) {
                ps.setLong(1, kafkaOffset);
                ps.setString(2, service);
                ps.setString(3, slot);
                ps.setString(4, server);
                ps.setTimestamp(5, Timestamp.from(Instant.ofEpochMilli(l.atMs())));
                ps.setString(6, l.level().length() > 8 ? l.level().substring(0, 8) : l.level());
                ps.setString(7, l.text().length() > 8200 ? l.text().substring(0, 8200) : l.text());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM worker_logs WHERE service = ? AND id < "
                + "(SELECT COALESCE(MIN(id), 0) FROM (SELECT id FROM worker_logs WHERE service = ? ORDER BY id DESC LIMIT "
                + LOG_LINES_KEPT + "))")) {
            ps.setString(1, service);
            ps.setString(2, service);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO log_position KEY (id) VALUES (1, ?)")) {
            ps.setLong(1, kafkaOffset + 1);
            ps.executeUpdate();
        }
    }

    /** The Kafka offset after the last stored batch (where reading the log topic goes on), or -1. */
    public synchronized long nextLogOffset() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT next_offset FROM log_position WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /**
     * A service's log lines after {@code afterId}, oldest first, at most {@code limit}; only slot
     * {@code slot} if given. With a negative {@code afterId}: the newest {@code limit}.
     */
    public synchronized List<LogLine> logLines(String service, Optional<String> slot, long afterId, int limit)
            throws SQLException {
        String where = "service = ? AND id > ?" + (slot.isPresent() ? " AND slot = ?" : "");
        List<LogLine> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT * FROM (SELECT * FROM worker_logs WHERE " + where
                + " ORDER BY id " + (afterId < 0 ? "DESC" : "ASC") + " LIMIT ?) ORDER BY id")) {
            ps.setString(1, service);
            ps.setLong(2, Math.max(0, afterId));
            int i = 3;
            if (slot.isPresent()) {
                ps.setString(i++, slot.get());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LogLine(rs.getLong("id"), rs.getString("service"), rs.getString("slot"), rs.getString("server"),
                            rs.getTimestamp("at").toInstant(), rs.getString("level"), rs.getString("line")));
                }
            }
        }
        return out;
    }

    /** One line of a service's event log. */
    public record Event(long id, Instant at, String service, String message) {
    }

    /** The service's events after {@code afterId}, oldest first, at most {@code limit}. */
    public synchronized List<Event> events(String service, long afterId, int limit) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT * FROM (SELECT * FROM events WHERE service = ? AND id > ? ORDER BY id DESC LIMIT ?) ORDER BY id")) {
            ps.setString(1, service);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("service"),
                            rs.getString("message")));
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
