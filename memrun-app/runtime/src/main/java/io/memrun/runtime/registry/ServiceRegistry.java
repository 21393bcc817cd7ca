package io.memrun.runtime.registry;

import io.memrun.sdk.MemoryService;
import io.memrun.sdk.StickyKey;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane's record of services, in H2. Reads on the request path come from an
 * in-memory copy; writes go to the database first.
 */
public final class ServiceRegistry implements AutoCloseable {
    private final Connection db;
    private final Map<String, ServiceRecord> byName = new ConcurrentHashMap<>();
    private final WorkerRegistry workers;

    private ServiceRegistry(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS services (
                      name VARCHAR(63) PRIMARY KEY,
                      sticky_key VARCHAR(600) NOT NULL,
                      partitions INT NOT NULL,
                      memory_bytes BIGINT NOT NULL,
                      disk_bytes BIGINT NOT NULL,
                      max_workers INT NOT NULL,
                      concurrency INT NOT NULL,
                      revision INT NOT NULL,
                      updated_at TIMESTAMP WITH TIME ZONE NOT NULL)""");
        }
        loadAll();
        this.workers = new WorkerRegistry(db);
    }

    /** The workers table, in the same database. */
    public WorkerRegistry workers() {
        return workers;
    }

    /** Opens (or creates) the registry database in a directory. */
    public static ServiceRegistry open(Path dir) throws SQLException {
        // WRITE_DELAY=0: a registered deploy is on disk when the call returns, not up to a second
        // later; a control plane killed in that second must not forget a deploy it acknowledged.
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        ServiceRegistry registry = new ServiceRegistry(DriverManager.getConnection(url, "memrun", ""));
        // It holds what the control plane knows (in cloud mode, token hashes too): owner only.
        io.memrun.runtime.files.OwnerOnlyFiles.restrict(dir, "registry");
        return registry;
    }

    /** An in-memory registry (tests, and workers that need no persistence). */
    public static ServiceRegistry inMemory(String name) throws SQLException {
        return new ServiceRegistry(DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "memrun", ""));
    }

    private void loadAll() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM services")) {
            while (rs.next()) {
                ServiceRecord r = new ServiceRecord(rs.getString("name"), StickyKey.parse(rs.getString("sticky_key")),
                        rs.getInt("partitions"), rs.getLong("memory_bytes"), rs.getLong("disk_bytes"),
                        rs.getInt("max_workers"), rs.getInt("concurrency"), rs.getInt("revision"),
                        rs.getTimestamp("updated_at").toInstant());
                byName.put(r.name(), r);
            }
        }
    }

    /**
     * Records a deploy of {@code service} whose request topic has {@code partitions} partitions.
     * The partition count of an existing service never changes.
     *
     * @return the new record (revision + 1)
     */
    public synchronized ServiceRecord register(MemoryService service, int partitions) throws SQLException {
        ServiceRecord old = byName.get(service.name());
        int revision = old == null ? 1 : old.revision() + 1;
        int fixedPartitions = old == null ? partitions : old.partitions();
        ServiceRecord r = new ServiceRecord(service.name(), service.stickyKey(), fixedPartitions, service.memoryBytes(),
                service.diskBytes(), service.maxWorkers(), service.concurrency(), revision, Instant.now());
        try (PreparedStatement ps = db.prepareStatement("MERGE INTO services KEY (name) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, r.name());
            ps.setString(2, r.stickyKey().toString());
            ps.setInt(3, r.partitions());
            ps.setLong(4, r.memoryBytes());
            ps.setLong(5, r.diskBytes());
            ps.setInt(6, r.maxWorkers());
            ps.setInt(7, r.concurrency());
            ps.setInt(8, r.revision());
            ps.setTimestamp(9, Timestamp.from(r.updatedAt()));
            ps.executeUpdate();
        }
        byName.put(r.name(), r);
        return r;
    }

    /** Forgets a service and its workers' heartbeats (cloud mode's destroy). */
    public synchronized void remove(String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM services WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        workers.forgetService(name);
        byName.remove(name);
    }

    /** The service named {@code name}, if registered. */
    public Optional<ServiceRecord> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All services, by name. */
    public List<ServiceRecord> list() {
        List<ServiceRecord> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(ServiceRecord::name));
        return all;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
