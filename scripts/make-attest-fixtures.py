"""Writes testdata/attest: DSSE envelopes made by securesystemslib (an independent DSSE implementation), with the
keys that verify them and cases.json saying what each must give. Run through scripts/make-attest-fixtures."""

import base64
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from securesystemslib.dsse import Envelope
from securesystemslib.signer import CryptoSigner, SSlibKey

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

ARTIFACT = b"vouch attestation fixture artifact\n"
ARTIFACT_SHA256 = hashlib.sha256(ARTIFACT).hexdigest()
OTHER_SHA256 = hashlib.sha256(b"something else").hexdigest()
IN_TOTO = "application/vnd.in-toto+json"


def signer_for(private_key, scheme):
    public = SSlibKey.from_crypto(private_key.public_key(), scheme=scheme)
    return CryptoSigner(private_key, public)


SIGNERS = {
    "p256": signer_for(ec.generate_private_key(ec.SECP256R1()), "ecdsa-sha2-nistp256"),
    "p384": signer_for(ec.generate_private_key(ec.SECP384R1()), "ecdsa-sha2-nistp384"),
    "ed25519": signer_for(ed25519.Ed25519PrivateKey.generate(), "ed25519"),
    "rsapss": signer_for(rsa.generate_private_key(public_exponent=65537, key_size=3072), "rsassa-pss-sha256"),
}
STRANGER = signer_for(ec.generate_private_key(ec.SECP256R1()), "ecdsa-sha2-nistp256")

for name, signer in SIGNERS.items():
    pem = signer._private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with open(os.path.join(OUT, f"{name}.pub"), "wb") as f:
        f.write(pem)
with open(os.path.join(OUT, "artifact.txt"), "wb") as f:
    f.write(ARTIFACT)


def statement(version, predicate_type, predicate, digest=ARTIFACT_SHA256, statement_type=None):
    return {
        "_type": statement_type or f"https://in-toto.io/Statement/{version}",
        "subject": [{"name": "artifact.txt", "digest": {"sha256": digest}}],
        "predicateType": predicate_type,
        "predicate": predicate,
    }


SLSA_V02 = {
    "builder": {"id": "https://example.com/builders/vouch-fixture@v1"},
    "buildType": "https://example.com/buildtypes/make@v1",
    "invocation": {"configSource": {"uri": "git+https://example.com/org/repo@refs/heads/main",
                                    "digest": {"sha1": "0" * 40}, "entryPoint": "build.sh"}},
    "materials": [{"uri": "git+https://example.com/org/repo@refs/heads/main", "digest": {"sha1": "0" * 40}}],
}
SLSA_V1 = {
    "buildDefinition": {
        "buildType": "https://example.com/buildtypes/make@v1",
        "externalParameters": {"workflow": {"repository": "https://example.com/org/repo", "ref": "refs/tags/v1.0.0"}},
        "resolvedDependencies": [{"uri": "git+https://example.com/org/repo@refs/tags/v1.0.0", "digest": {"sha1": "1" * 40}}],
    },
    "runDetails": {"builder": {"id": "https://example.com/builders/vouch-fixture@v1"}},
}
SPDX = {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "fixture",
        "documentNamespace": "https://example.com/spdx/fixture", "packages": []}
CYCLONEDX = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": []}

PREDICATES = {
    "slsa02": ("v0.1", "https://slsa.dev/provenance/v0.2", SLSA_V02, "slsaprovenance"),
    "slsa1": ("v1", "https://slsa.dev/provenance/v1", SLSA_V1, "slsaprovenance"),
    "spdx": ("v1", "https://spdx.dev/Document/v2.3", SPDX, "spdx"),
    "cyclonedx": ("v1", "https://cyclonedx.org/bom/v1.5", CYCLONEDX, "cyclonedx"),
}

cases = []


def envelope(payload, signers, payload_type=IN_TOTO):
    env = Envelope(payload=payload, payload_type=payload_type, signatures={})
    for signer in signers:
        env.sign(signer)
    return env.to_dict()


def write(case_id, document, keys, expect, code=None, type_="slsaprovenance", threshold=1, note=""):
    path = f"{case_id}.dsse.json"
    with open(os.path.join(OUT, path), "w") as f:
        json.dump(document, f, indent=1, sort_keys=True)
    entry = {"id": case_id, "envelope": path, "keys": [f"{k}.pub" for k in keys], "threshold": threshold,
             "type": type_, "artifact": "artifact.txt", "expect": expect, "why": note}
    if code:
        entry["code"] = code
    cases.append(entry)


# Every key kind signs every predicate: all must verify.
for key in SIGNERS:
    for pname, (version, ptype, predicate, short) in PREDICATES.items():
        payload = json.dumps(statement(version, ptype, predicate)).encode()
        write(f"{key}-{pname}", envelope(payload, [SIGNERS[key]]), [key], "pass", type_=short,
              note=f"statement {version} with a {pname} predicate signed by securesystemslib with {key}")

good_payload = json.dumps(statement("v1", "https://slsa.dev/provenance/v1", SLSA_V1)).encode()
good = envelope(good_payload, [SIGNERS["p256"]])

tampered = dict(good)
tampered["payload"] = base64.b64encode(good_payload.replace(b"v1.0.0", b"v1.0.1")).decode()
write("neg-modified-payload", tampered, ["p256"], "fail", "attest.dsse.threshold-not-met", note="payload changed after signing")

retyped = dict(good)
retyped["payloadType"] = "application/vnd.in-toto+jsonx"
write("neg-changed-payload-type", retyped, ["p256"], "fail", "attest.dsse.payload-type-unsupported",
      note="payloadType changed after signing")

write("neg-wrong-key", envelope(good_payload, [STRANGER]), ["p256"], "fail", "attest.dsse.threshold-not-met",
      note="signed by a key that is not trusted")

mismatch_payload = json.dumps(statement("v1", "https://slsa.dev/provenance/v1", SLSA_V1, digest=OTHER_SHA256)).encode()
write("neg-subject-mismatch", envelope(mismatch_payload, [SIGNERS["p256"]]), ["p256"], "fail",
      "attest.statement.subject-mismatch", note="the statement is about another artifact")

empty = dict(good)
empty["signatures"] = []
write("neg-empty-signatures", empty, ["p256"], "fail", "attest.dsse.no-signatures", note="no signatures at all")

bad_b64 = json.loads(json.dumps(good))
bad_b64["signatures"][0]["sig"] = "!!not base64!!"
write("neg-malformed-base64", bad_b64, ["p256"], "fail", "attest.dsse.invalid-base64", note="signature is not base64")

wrong_type_payload = json.dumps(statement("v1", "https://slsa.dev/provenance/v1", SLSA_V1,
                                          statement_type="https://in-toto.io/Statement/v9")).encode()
write("neg-wrong-statement-type", envelope(wrong_type_payload, [SIGNERS["p256"]]), ["p256"], "fail",
      "attest.statement.malformed", note="_type is not an in-toto Statement")

raw = json.loads(json.dumps(good))
raw_sig = SIGNERS["p256"].sign(good_payload)  # over the payload itself, not over PAE
raw["signatures"] = [{"keyid": raw_sig.keyid, "sig": base64.b64encode(bytes.fromhex(raw_sig.signature)).decode()}]
write("neg-signature-over-raw-payload", raw, ["p256"], "fail", "attest.dsse.threshold-not-met",
      note="signature computed over the raw payload instead of PAE")

write("neg-threshold-not-met", envelope(good_payload, [SIGNERS["p256"]]), ["p256", "ed25519"], "fail",
      "attest.dsse.threshold-not-met", threshold=2, note="two distinct keys required, one signed")

write("pos-threshold-met", envelope(good_payload, [SIGNERS["p256"], SIGNERS["ed25519"]]), ["p256", "ed25519"], "pass",
      threshold=2, note="two distinct keys required, both signed")

duplicated = json.loads(json.dumps(good))
duplicated["signatures"] = duplicated["signatures"] * 2
write("neg-duplicated-signature", duplicated, ["p256", "ed25519"], "fail", "attest.dsse.threshold-not-met",
      threshold=2, note="the same signature twice must count once")

write("neg-predicate-type-mismatch", good, ["p256"], "fail", "attest.predicate.type-mismatch", type_="spdx",
      note="an SLSA provenance where an SPDX SBOM was asked for")

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
print(f"wrote {len(cases)} cases to {OUT}")
