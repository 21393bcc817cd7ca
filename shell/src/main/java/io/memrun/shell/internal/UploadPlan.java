package io.memrun.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which local files go to which objects. A file goes to the target key, or under it when the
 * target is a prefix ({@code s3://b/} or {@code s3://b/dir/}); a directory's files keep their
 * relative paths under the target ({@code upload data s3://b/in} puts {@code data/x/y.csv} at
 * {@code s3://b/in/x/y.csv}), as {@code aws s3 cp --recursive} does.
 */
public record UploadPlan(List<Item> items) {
    /** One file and where it goes. */
    public record Item(Path file, S3Location target, long size) {
    }

    public UploadPlan {
        items = List.copyOf(items);
    }

    /**
     * Plans uploading {@code local} to {@code target}.
     *
     * @throws IOException if {@code local} does not exist or cannot be read
     */
    public static UploadPlan of(Path local, S3Location target) throws IOException {
        if (Files.isRegularFile(local)) {
            S3Location to = target.isPrefix() ? target.child(local.getFileName().toString()) : target;
            return new UploadPlan(List.of(new Item(local, to, Files.size(local))));
        }
        if (!Files.isDirectory(local)) {
            throw new IOException("no such file or directory: " + local);
        }
        try (Stream<Path> files = Files.walk(local)) {
            List<Item> items = files.filter(Files::isRegularFile).sorted().map(f -> {
                String rel = local.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                try {
                    return new Item(f, target.child(rel), Files.size(f));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            return new UploadPlan(items);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Bytes in all files. */
    public long totalBytes() {
        return items.stream().mapToLong(Item::size).sum();
    }
}
