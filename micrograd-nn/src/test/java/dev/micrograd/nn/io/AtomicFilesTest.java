package dev.micrograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesTheWholeFile() throws IOException {
        Path file = dir.resolve("a.txt");
        assertSame(file, AtomicFiles.write(file, "first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(file));
        AtomicFiles.write(file, out -> out.write("second, longer".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second, longer", Files.readString(file));
        assertEquals(List.of("a.txt"), listing(), "no temporary file remains");
    }

    @Test
    void aContentThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a.txt");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));
        IOException cause = new IOException("No space left on device (simulated)");
        FileWriteException e = assertThrows(FileWriteException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw cause;
        }));
        assertEquals("cannot write " + file + ": No space left on device (simulated)", e.getMessage());
        assertEquals("No space left on device (simulated)", e.problem());
        assertSame(cause, e.getCause());
        assertSame(file, e.target());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("a.txt"), listing());
    }

    @Test
    void aMissingDirectoryIsNotCreated() {
        Path file = dir.resolve("missing").resolve("a.txt");
        FileWriteException e = assertThrows(FileWriteException.class,
                () -> AtomicFiles.write(file, new byte[] {1}));
        assertEquals("cannot write " + file + ": the directory " + file.getParent() + " does not exist",
                e.getMessage());
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void aDirectoryInTheWayIsSaidSo() throws IOException {
        Path taken = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(taken.resolve("inside"), "x");
        FileWriteException e = assertThrows(FileWriteException.class, () -> AtomicFiles.write(taken, new byte[] {1}));
        assertEquals("it is a directory", e.problem());
        assertEquals(List.of("taken"), listing());
    }

    @Test
    void permissionsAreTheUmasksAsForAnyNewFile() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = AtomicFiles.write(dir.resolve("written"), new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written),
                "not the rw------- of Files.createTempFile");
    }

    @Test
    void problemSaysWhatWentWrongWithoutTheTemporaryName() {
        Path target = dir.resolve("m.mlp");
        assertEquals("access denied",
                AtomicFiles.problem(new java.nio.file.AccessDeniedException(dir.resolve(".m.mlp.x.tmp").toString()),
                        target));
        assertEquals("Read-only file system", AtomicFiles.problem(
                new java.nio.file.FileSystemException(".m.mlp.x.tmp", null, "Read-only file system"), target));
        assertEquals("FileSystem", AtomicFiles.problem(new java.nio.file.FileSystemException(".m.tmp"), target));
    }

    private static long openFiles(Path fds) throws IOException {
        try (Stream<Path> s = Files.list(fds)) {
            return s.count();
        }
    }

    @Test
    void aWriteLeavesNoFileOpen() throws IOException {
        // Linux lists a process's open file descriptors in /proc/self/fd
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "no /proc/self/fd on this system");
        Path file = dir.resolve("a.txt");
        AtomicFiles.write(file, new byte[] {1});
        long before = openFiles(fds);
        for (int i = 0; i < 200; i++) {
            AtomicFiles.write(file, new byte[] {(byte) i});
        }
        // a leak would keep about one descriptor per write until a collection closes it; allow for
        // other threads opening a few meanwhile
        long grown = openFiles(fds) - before;
        assertTrue(grown < 50, grown + " more open files after 200 writes");
        assertEquals(List.of("a.txt"), listing());
    }
}
