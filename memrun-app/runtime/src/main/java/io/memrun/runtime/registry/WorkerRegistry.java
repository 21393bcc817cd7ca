package io.memrun.runtime.registry;

import io.memrun.runtime.wire.Heartbeat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memrun.runtime.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Workers and their last heartbeats, in the control plane's H2 database. */
public final class WorkerRegistry {
    private static final ObjectMapper JSON = Json.mapper();
    private final Connection db;

    /** Uses (and if needed creates) the {@code worker_heartbeats_by_host} table in {@code db}. */
    public WorkerRegistry(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            // A heartbeat is a few hundred bytes of JSON: VARCHAR, not CLOB, whose separate LOB
            // storage failed inside H2's MVStore here (an NPE on the first write after a restart).
            s.execute("""
                    CREATE TABLE IF NOT EXISTS worker_heartbeats_by_host (
                      worker_id VARCHAR(255) NOT NULL,
                      host VARCHAR(255) NOT NULL,
                      service VARCHAR(63) NOT NULL,
                      heartbeat VARCHAR(1000000) NOT NULL,
                      received_at TIMESTAMP WITH TIME ZONE NOT NULL,
                      PRIMARY KEY (worker_id, host))""");
            // Before cloud mode a row was per worker id alone; a successor on another server shares
            // its predecessor's id (the Kafka static-membership id of its slot), so rows are now per
            // (id, host). The old table held only last heartbeats: it is dropped, not migrated.
            s.execute("DROP TABLE IF EXISTS worker_heartbeats");
        }
    }

    /** Records a heartbeat (replacing the previous one of the same worker id on the same host). */
    public synchronized void record(Heartbeat hb, java.time.Instant receivedAt) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "MERGE INTO worker_heartbeats_by_host KEY (worker_id, host) VALUES (?,?,?,?,?)")) {
            ps.setString(1, hb.workerId());
            ps.setString(2, hb.host());
            ps.setString(3, hb.service());
            ps.setString(4, JSON.writeValueAsString(hb));
            ps.setTimestamp(5, Timestamp.from(receivedAt));
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets the heartbeats a worker sent from {@code host} (its server is gone). */
    public synchronized void forget(String workerId, String host) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM worker_heartbeats_by_host WHERE worker_id = ? AND host = ?")) {
            ps.setString(1, workerId);
            ps.setString(2, host);
            ps.executeUpdate();
        }
    }

    /** Forgets every heartbeat of a service. */
    public synchronized void forgetService(String service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM worker_heartbeats_by_host WHERE service = ?")) {
            ps.setString(1, service);
            ps.executeUpdate();
        }
    }

    /** The workers of a service, by id, then host. */
    public synchronized List<WorkerRecord> forService(String service) throws SQLException {
        List<WorkerRecord> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT heartbeat, received_at FROM worker_heartbeats_by_host WHERE service = ? ORDER BY worker_id, host")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkerRecord(JSON.readValue(rs.getString(1), Heartbeat.class),
                            rs.getTimestamp(2).toInstant()));
                }
            }
        } catch (java.io.IOException e) {
            throw new SQLException("unreadable heartbeat row: " + e.getMessage(), e);
        }
        return out;
    }
}
