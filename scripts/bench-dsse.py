"""DSSE benchmark helper. `make DIR N`: N in-toto envelopes signed with one ECDSA P-256 key by securesystemslib,
as DIR/envelopes.intoto.jsonl with DIR/key.pub and DIR/artifact.txt. `verify DIR ROUNDS`: securesystemslib's
verification time for all of them, median of ROUNDS, in seconds on stdout."""

import hashlib
import json
import statistics
import sys
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from securesystemslib.dsse import Envelope
from securesystemslib.signer import CryptoSigner, SSlibKey


def make(directory, count):
    private = ec.generate_private_key(ec.SECP256R1())
    public = SSlibKey.from_crypto(private.public_key(), scheme="ecdsa-sha2-nistp256")
    signer = CryptoSigner(private, public)
    artifact = b"benchmark artifact\n"
    with open(f"{directory}/artifact.txt", "wb") as f:
        f.write(artifact)
    with open(f"{directory}/key.pub", "wb") as f:
        f.write(private.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo))
    with open(f"{directory}/key.json", "w") as f:
        json.dump({"keyid": public.keyid, "key": public.to_dict()}, f)
    digest = hashlib.sha256(artifact).hexdigest()
    with open(f"{directory}/envelopes.intoto.jsonl", "w") as f:
        for index in range(count):
            statement = {"_type": "https://in-toto.io/Statement/v1",
                         "subject": [{"name": f"artifact-{index}", "digest": {"sha256": digest}}],
                         "predicateType": "https://slsa.dev/provenance/v1",
                         "predicate": {"buildDefinition": {"buildType": "https://example.com/b", "externalParameters": {}},
                                       "runDetails": {"builder": {"id": "https://example.com/builder"}}}}
            envelope = Envelope(payload=json.dumps(statement).encode(), payload_type="application/vnd.in-toto+json",
                                signatures={})
            envelope.sign(signer)
            f.write(json.dumps(envelope.to_dict()) + "\n")


def verify(directory, rounds):
    with open(f"{directory}/key.json") as f:
        stored = json.load(f)
    key = SSlibKey.from_dict(stored["keyid"], stored["key"])
    with open(f"{directory}/envelopes.intoto.jsonl") as f:
        lines = [line for line in f if line.strip()]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for line in lines:
            envelope = Envelope.from_dict(json.loads(line))
            envelope.verify([key], 1)
            json.loads(envelope.payload)
        times.append(time.perf_counter() - start)
    print(f"{statistics.median(times):.4f}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]))
    else:
        verify(sys.argv[2], int(sys.argv[3]))
