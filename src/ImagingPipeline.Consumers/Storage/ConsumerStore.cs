using System.Data.Common;
using System.Text.Json;
using ImagingPipeline.Contracts;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ImagingPipeline.Consumers.Storage;

/// <summary>
/// The reference consumers' state: processed message ids (de-duplication), the latest assessment
/// and review per study and consumer (each consumer keeps its own view), the eligibility answer counter and the SBRT worklist. SQLite file by
/// default; PostgreSQL when ConnectionStrings:Postgres is set. SQL is valid on both.
/// </summary>
internal sealed partial class ConsumerStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString;
    private readonly bool _postgres;

    public ConsumerStore(string connectionString, bool postgres)
    {
        _connectionString = connectionString;
        _postgres = postgres;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var ddl in Schema)
            {
                await ExecuteAsync(connection, null, ddl, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records a message id for a consumer; false when it was already processed.</summary>
    public static async Task<bool> TryMarkProcessedAsync(DbConnection c, DbTransaction t, string consumer, Guid messageId, CancellationToken ct)
        => await ExecuteAsync(c, t, "INSERT INTO processed_messages (consumer, message_id) VALUES (@a, @b) ON CONFLICT DO NOTHING", ct, consumer, messageId.ToString("D")).ConfigureAwait(false) == 1;

    /// <summary>Stores the assessment unless a later version is already held; false when superseded.</summary>
    public static async Task<bool> UpsertAssessmentAsync(DbConnection c, DbTransaction t, string consumer, OligoProgressionAssessed a, CancellationToken ct)
        => await ExecuteAsync(c, t,
            "INSERT INTO assessments (study_uid, patient_id, version, body, consumer) VALUES (@a, @b, @c, @d, @e) " +
            "ON CONFLICT (consumer, study_uid) DO UPDATE SET patient_id = excluded.patient_id, version = excluded.version, body = excluded.body " +
            "WHERE assessments.version < excluded.version", ct,
            a.StudyInstanceUid, a.PatientId, a.Version, JsonSerializer.Serialize(a, Json), consumer).ConfigureAwait(false) == 1;

    /// <summary>Stores the review unless a later one is already held; false when superseded.</summary>
    public static async Task<bool> UpsertReviewAsync(DbConnection c, DbTransaction t, string consumer, SiteReviewCompleted r, CancellationToken ct)
        => await ExecuteAsync(c, t,
            "INSERT INTO reviews (study_uid, version, assessment_version, body, consumer) VALUES (@a, @b, @c, @d, @e) " +
            "ON CONFLICT (consumer, study_uid) DO UPDATE SET version = excluded.version, assessment_version = excluded.assessment_version, body = excluded.body " +
            "WHERE reviews.assessment_version < excluded.assessment_version OR (reviews.assessment_version = excluded.assessment_version AND reviews.version < excluded.version)", ct,
            r.StudyInstanceUid, r.Version, r.AssessmentVersion, JsonSerializer.Serialize(r, Json), consumer).ConfigureAwait(false) == 1;

    public static async Task<OligoProgressionAssessed?> GetAssessmentAsync(DbConnection c, DbTransaction t, string consumer, string studyUid, CancellationToken ct)
        => await ScalarJsonAsync<OligoProgressionAssessed>(c, t, "SELECT body FROM assessments WHERE study_uid = @a AND consumer = @b", ct, studyUid, consumer).ConfigureAwait(false);

    public static async Task<SiteReviewCompleted?> GetReviewAsync(DbConnection c, DbTransaction t, string consumer, string studyUid, CancellationToken ct)
        => await ScalarJsonAsync<SiteReviewCompleted>(c, t, "SELECT body FROM reviews WHERE study_uid = @a AND consumer = @b", ct, studyUid, consumer).ConfigureAwait(false);

    /// <summary>Increments and returns the study's eligibility answer version.</summary>
    public static async Task<int> NextAnswerVersionAsync(DbConnection c, DbTransaction t, string studyUid, CancellationToken ct)
    {
        await ExecuteAsync(c, t,
            "INSERT INTO eligibility_answers (study_uid, version) VALUES (@a, 1) " +
            "ON CONFLICT (study_uid) DO UPDATE SET version = eligibility_answers.version + 1", ct, studyUid).ConfigureAwait(false);
        using var cmd = Command(c, t, "SELECT version FROM eligibility_answers WHERE study_uid = @a", studyUid);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task<int> ExecuteAsync(DbConnection c, DbTransaction? t, string sql, CancellationToken ct, params object?[] args)
    {
        using var cmd = Command(c, t, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static DbCommand Command(DbConnection c, DbTransaction? t, string sql, params object?[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = t;
#pragma warning disable CA2100 // SQL text is constant; values travel as parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + (char)('a' + i);
            p.Value = args[i] ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    private static async Task<T?> ScalarJsonAsync<T>(DbConnection c, DbTransaction t, string sql, CancellationToken ct, params object?[] args)
        where T : class
    {
        using var cmd = Command(c, t, sql, args);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is string body ? JsonSerializer.Deserialize<T>(body, Json) : null;
    }

    private static readonly string[] Schema =
    [
        "CREATE TABLE IF NOT EXISTS processed_messages (consumer TEXT NOT NULL, message_id TEXT NOT NULL, PRIMARY KEY (consumer, message_id))",
        "CREATE TABLE IF NOT EXISTS assessments (consumer TEXT NOT NULL, study_uid TEXT NOT NULL, patient_id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (consumer, study_uid))",
        "CREATE TABLE IF NOT EXISTS reviews (consumer TEXT NOT NULL, study_uid TEXT NOT NULL, version INTEGER NOT NULL, assessment_version INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (consumer, study_uid))",
        "CREATE TABLE IF NOT EXISTS eligibility_answers (study_uid TEXT PRIMARY KEY, version INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS worklist_targets (patient_id TEXT NOT NULL, study_uid TEXT NOT NULL, assessment_version INTEGER NOT NULL, " +
        "review_version INTEGER NOT NULL, site_id TEXT NOT NULL, roi_name TEXT NOT NULL, treatable_region TEXT NOT NULL, frame_of_reference_uid TEXT, " +
        "centroid_x DOUBLE PRECISION, centroid_y DOUBLE PRECISION, centroid_z DOUBLE PRECISION, volume_cc DOUBLE PRECISION, PRIMARY KEY (study_uid, site_id))",
    ];
}
