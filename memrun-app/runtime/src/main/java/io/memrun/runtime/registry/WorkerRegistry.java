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

    /** Uses (and if needed creates) the {@code worker_heartbeats} table in {@code db}. */
    public WorkerRegistry(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            // A heartbeat is a few hundred bytes of JSON: VARCHAR, not CLOB, whose separate LOB
            // storage failed inside H2's MVStore here (an NPE on the first write after a restart).
            s.execute("""
                    CREATE TABLE IF NOT EXISTS worker_heartbeats (
                      worker_id VARCHAR(255) PRIMARY KEY,
                      service VARCHAR(63) NOT NULL,
                      heartbeat VARCHAR(1000000) NOT NULL,
                      received_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
        }
    }

    /** Records a heartbeat (replacing the worker's previous one). */
    public synchronized void record(Heartbeat hb, java.time.Instant receivedAt) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO worker_heartbeats KEY (worker_id) VALUES (?,?,?,?)")) {
            ps.setString(1, hb.workerId());
            ps.setString(2, hb.service());
            ps.setString(3, JSON.writeValueAsString(hb));
            ps.setTimestamp(4, Timestamp.from(receivedAt));
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The workers of a service, by id. */
    public synchronized List<WorkerRecord> forService(String service) throws SQLException {
        List<WorkerRecord> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT heartbeat, received_at FROM worker_heartbeats WHERE service = ? ORDER BY worker_id")) {
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
