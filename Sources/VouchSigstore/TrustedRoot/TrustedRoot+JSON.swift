import VouchCore
import VouchCrypto
import VouchJSON

extension TrustedRoot {
    /// The trusted root in its protobuf JSON form (``TrustedRoot/parse(_:input:limits:)`` reads it back). Written
    /// with ``mediaType``; `bytes` as standard base64, times as RFC 3339.
    public var json: JSONNode {
        [
            "mediaType": .init(.string(mediaType)),
            "tlogs": .init(.array(transparencyLogs.map(\.json))),
            "certificateAuthorities": .init(.array(certificateAuthorities.map(\.json))),
            "ctlogs": .init(.array(ctLogs.map(\.json))),
            "timestampAuthorities": .init(.array(timestampAuthorities.map(\.json))),
        ]
    }
}

extension ValidityPeriod {
    var json: JSONNode {
        var object = JSONObject()
        if let start { object["start"] = .init(.string(start.rfc3339)) }
        if let end { object["end"] = .init(.string(end.rfc3339)) }
        return JSONNode(.object(object))
    }
}

extension TransparencyLogInstance {
    var json: JSONNode {
        var object: JSONObject = [
            "baseUrl": .init(.string(baseURL)),
            "hashAlgorithm": .init(.string(hashAlgorithm)),
            "publicKey": [
                "rawBytes": .init(.string(Base64.encode(rawKey))), "keyDetails": .init(.string(keyDetails)),
                "validFor": validFor.json,
            ],
            "logId": ["keyId": .init(.string(Base64.encode(logID)))],
        ]
        if let checkpointKeyID { object["checkpointKeyId"] = ["keyId": .init(.string(Base64.encode(checkpointKeyID)))] }
        if let operatorName { object["operator"] = .init(.string(operatorName)) }
        return JSONNode(.object(object))
    }
}

extension CertificateAuthority {
    var json: JSONNode {
        var object: JSONObject = [
            "subject": ["organization": .init(.string(organization)), "commonName": .init(.string(commonName))],
            "uri": .init(.string(uri)),
            "certChain": [
                "certificates": .init(
                    .array(certificates.map { ["rawBytes": .init(.string(Base64.encode($0.der)))] }))
            ],
        ]
        if validFor != .unbounded { object["validFor"] = validFor.json }
        if let operatorName { object["operator"] = .init(.string(operatorName)) }
        return JSONNode(.object(object))
    }
}
