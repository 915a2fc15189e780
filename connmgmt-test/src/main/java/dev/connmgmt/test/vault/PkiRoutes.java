package dev.connmgmt.test.vault;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.connmgmt.test.vault.VaultRequest.Operation;

/**
 * The paths of a PKI mount, after the mount: {@code root/generate/<kind>},
 * {@code roles/<name>} (and listing {@code roles}), {@code issue/<role>}, and the CA
 * certificate, which Vault serves without a token: {@code ca} (DER), {@code ca/pem},
 * {@code ca_chain} and {@code cert/ca} (JSON).
 */
final class PkiRoutes {

	private PkiRoutes() {
	}

	static boolean unauthenticated(List<String> path) {
		return path.equals(List.of("ca")) || path.equals(List.of("ca", "pem")) || path.equals(List.of("ca_chain"))
				|| path.equals(List.of("cert", "ca"));
	}

	static Reply route(VaultRequest request, PkiEngine pki, List<String> path) {
		String joined = String.join("/", path);
		if (path.size() == 3 && path.get(0).equals("root") && path.get(1).equals("generate")) {
			return VaultRouter.on(request, Map.of(Operation.WRITE, () -> pki.generateRoot(path.get(2), request)));
		}
		if (path.size() == 2 && path.get(0).equals("roles")) {
			String name = path.get(1);
			return VaultRouter.on(request, Map.of(Operation.WRITE, () -> {
				pki.defineRole(name, request);
				return Reply.noContent();
			}, Operation.READ, () -> {
				Map<String, Object> role = pki.readRole(name);
				return (role != null) ? Reply.data(role) : Reply.notFound();
			}, Operation.DELETE, () -> {
				pki.deleteRole(name);
				return Reply.noContent();
			}));
		}
		if (joined.equals("roles")) {
			return VaultRouter.on(request, Map.of(Operation.LIST, () -> Reply.data(Map.of("keys", pki.roleNames()))));
		}
		if (path.size() == 2 && path.get(0).equals("issue")) {
			return VaultRouter.on(request, Map.of(Operation.WRITE, () -> pki.issue(path.get(1), request)));
		}
		return switch (joined) {
			case "ca" -> VaultRouter.on(request,
					Map.of(Operation.READ, () -> Reply.raw("application/pkix-cert", X509Maker.der(ca(pki)))));
			case "ca/pem", "ca_chain" -> VaultRouter.on(request, Map.of(Operation.READ,
					() -> Reply.raw("application/pem-certificate-chain", pem(pki).getBytes(StandardCharsets.US_ASCII))));
			case "cert/ca" -> VaultRouter.on(request, Map.of(Operation.READ, () -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("certificate", pem(pki));
				data.put("revocation_time", 0);
				data.put("revocation_time_rfc3339", "");
				return Reply.data(data);
			}));
			default -> throw VaultException.noHandler(request.path());
		};
	}

	private static X509Certificate ca(PkiEngine pki) {
		X509Certificate ca = pki.caCertificate();
		if (ca == null) {
			throw new VaultException(400, "no default issuer currently configured");
		}
		return ca;
	}

	private static String pem(PkiEngine pki) {
		return X509Maker.certificatePem(ca(pki)) + "\n";
	}

}
