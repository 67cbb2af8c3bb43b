import BallastAWS
import BallastTestSupport
import Foundation
import Testing

@Suite("the shared config and credentials files")
struct SharedConfigFileTests {
    static let config = """
        # a comment
        ; another comment
        [default]
        region = us-east-1

        [profile dev]   # a comment after the header
        region=eu-central-1
        Output = json ; inline comment after whitespace
        endpoint_url = http://localhost:4566#not-a-comment
        s3 =
          max_concurrent_requests = 20
          addressing_style = path
        services = local

        [services local]
        sts =
          endpoint_url = http://127.0.0.1:5000
        [sso-session corp]
        sso_region = us-east-1

        [no-prefix]
        region = ap-south-1
        [profile broken
        region = never
        """

    @Test("config: [default], [profile x], comments, case-insensitive keys, inline comments after whitespace")
    func configProfiles() {
        let file = SharedConfigFile(parsing: Self.config, kind: .config)
        #expect(Set(file.profiles.keys) == ["default", "dev"])
        #expect(file.profiles["default"]?["region"] == "us-east-1")
        let dev = file.profiles["dev"]
        #expect(dev?["region"] == "eu-central-1")
        #expect(dev?["output"] == "json")
        #expect(dev?["endpoint_url"] == "http://localhost:4566#not-a-comment")
        #expect(dev?.subProperties["s3"] == ["max_concurrent_requests": "20", "addressing_style": "path"])
        #expect(dev?["s3"] == nil)
    }

    @Test("config: [services x] sections keep their sub-sections; other section kinds are skipped")
    func servicesSections() {
        let file = SharedConfigFile(parsing: Self.config, kind: .config)
        #expect(file.services["local"]?.subProperties["sts"]?["endpoint_url"] == "http://127.0.0.1:5000")
        #expect(file.profiles["corp"] == nil)
        #expect(file.profiles["no-prefix"] == nil)
        #expect(file.profiles["broken"] == nil)
    }

    @Test("credentials: [x] names a profile, [profile x] is taken literally")
    func credentialsProfiles() {
        let text = """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = secret/with+chars=
            [ci]
            aws_access_key_id=AKIACI
            [profile odd]
            aws_access_key_id=AKIAODD
            """
        let file = SharedConfigFile(parsing: text, kind: .credentials)
        #expect(file.profiles["default"]?["aws_secret_access_key"] == "secret/with+chars=")
        #expect(file.profiles["ci"]?["aws_access_key_id"] == "AKIACI")
        #expect(file.profiles["profile odd"]?["aws_access_key_id"] == "AKIAODD")
    }

    @Test("[profile default] wins over [default] in the config file; repeated sections merge")
    func defaultPrecedenceAndMerging() {
        let text = """
            [profile default]
            region = eu-west-1
            [default]
            region = us-east-1
            output = text
            [profile a]
            region = r1
            [profile a]
            output = json
            """
        let file = SharedConfigFile(parsing: text, kind: .config)
        #expect(file.profiles["default"]?["region"] == "eu-west-1")
        #expect(file.profiles["default"]?["output"] == nil)
        #expect(file.profiles["a"]?.properties == ["region": "r1", "output": "json"])
    }

    @Test("an indented line continues a non-empty value")
    func continuation() {
        let file = SharedConfigFile(parsing: "[x]\nkey = first\n  second\n", kind: .credentials)
        #expect(file.profiles["x"]?["key"] == "first\nsecond")
    }

    @Test("the credentials file's keys win over the config file's for the same profile")
    func merging() throws {
        let shared = SharedConfiguration(
            config: SharedConfigFile(
                parsing: "[profile dev]\nregion = eu-central-1\naws_access_key_id = FROMCONFIG\n", kind: .config),
            credentials: SharedConfigFile(parsing: "[dev]\naws_access_key_id = FROMCREDENTIALS\n", kind: .credentials))
        let dev = try #require(shared.profile(named: "dev"))
        #expect(dev["aws_access_key_id"] == "FROMCREDENTIALS")
        #expect(dev["region"] == "eu-central-1")
    }

    @Test("files are found through AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, or ~/.aws; a missing file is empty")
    func locations() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".aws/config", "[profile home]\nregion = sa-east-1\n")
        try directory.write(".aws/credentials", "[home]\naws_access_key_id = AKIAHOME\n")
        let custom = try directory.write("elsewhere/cfg", "[profile custom]\nregion = ca-central-1\n")

        let home = AWSEnvironment(variables: ["HOME": directory.path])
        #expect(home.configFilePath == directory.path + "/.aws/config")
        let fromHome = try SharedConfiguration.load(from: home)
        #expect(fromHome.profile(named: "home")?["region"] == "sa-east-1")
        #expect(fromHome.profile(named: "home")?["aws_access_key_id"] == "AKIAHOME")

        let overridden = AWSEnvironment(variables: [
            "HOME": directory.path, "AWS_CONFIG_FILE": custom,
            "AWS_SHARED_CREDENTIALS_FILE": "~/nothing-here",
        ])
        #expect(overridden.credentialsFilePath == directory.path + "/nothing-here")
        let fromOverrides = try SharedConfiguration.load(from: overridden)
        #expect(fromOverrides.profile(named: "custom")?["region"] == "ca-central-1")
        #expect(fromOverrides.profile(named: "home") == nil)
        #expect(fromOverrides.credentials.profiles.isEmpty)

        #expect(AWSEnvironment(variables: [:]).configFilePath == nil)
    }

    @Test("an environment variable set to an empty string counts as unset")
    func emptyVariables() {
        let environment = AWSEnvironment(variables: ["AWS_PROFILE": "", "AWS_REGION": "  "])
        #expect(environment["AWS_PROFILE"] == nil)
        #expect(environment.profileName == "default")
        #expect(!environment.namesProfile)
        #expect(environment["AWS_REGION"] == nil)
    }
}
