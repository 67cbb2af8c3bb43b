/// The trust policy of a role that only one AWS service may assume (a handler's execution role
/// for Lambda, the enhanced monitoring role for RDS).
enum ServiceTrust {
    static func policy(_ service: String) -> JSONValue {
        [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole"]],
        ]
    }
}
