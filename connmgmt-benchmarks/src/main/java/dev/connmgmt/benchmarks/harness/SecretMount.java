package dev.connmgmt.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import dev.connmgmt.test.postgres.TestRole;

/**
 * Writes credentials the way the kubelet updates a mounted secret: the files go to a fresh
 * directory and the {@code ..data} link is swapped to it atomically, so a reader never sees
 * a new username with an old password.
 */
final class SecretMount {

	private SecretMount() {
	}

	static void mount(Path secret, TestRole role) throws IOException {
		Files.createDirectories(secret);
		Path version = Files.createDirectory(secret.resolve("..version-" + UUID.randomUUID()));
		Files.writeString(version.resolve("username"), role.name());
		Files.writeString(version.resolve("password"), role.password());
		Path link = secret.resolve("..data_tmp");
		Files.deleteIfExists(link);
		Files.createSymbolicLink(link, version.getFileName());
		Files.move(link, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		for (String key : new String[] { "username", "password" }) {
			Path file = secret.resolve(key);
			if (!Files.isSymbolicLink(file)) {
				Files.createSymbolicLink(file, Path.of("..data", key));
			}
		}
	}

}
