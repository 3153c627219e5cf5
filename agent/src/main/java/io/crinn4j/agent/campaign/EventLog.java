package io.crinn4j.agent.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * The campaign's append-only event log, {@code events.jsonl}: one JSON object per line, each
 * forced to disk before the call returns, so a killed campaign keeps every event it reported.
 * A torn last line (the process died mid-write) is ignored by readers and cut off on reopen.
 * The log is the audit trail and the RL export; the variant folders are what resume reads.
 */
public final class EventLog implements AutoCloseable {
    private final FileChannel ch;
    private final ObjectMapper json = new ObjectMapper();
    private long seq;

    public EventLog(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long keep = 0;
            long lines = 0;
            if (ch.size() > 0) {
                byte[] all = Files.readAllBytes(file);
                for (int i = 0; i < all.length; i++) {
                    if (all[i] == '\n') {
                        keep = i + 1;
                        lines++;
                    }
                }
                ch.truncate(keep);
            }
            ch.position(keep);
            seq = lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends {@code {"seq":..,"time":..,"type":type, ...fields}} and forces it to disk. */
    public synchronized void append(String type, Map<String, ?> fields) {
        ObjectNode n = json.createObjectNode();
        n.put("seq", ++seq);
        n.put("time", Instant.now().toString());
        n.put("type", type);
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            n.set(e.getKey(), json.valueToTree(e.getValue()));
        }
        try {
            byte[] line = (json.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the event log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
