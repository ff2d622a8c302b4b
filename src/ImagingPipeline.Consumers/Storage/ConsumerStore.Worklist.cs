using System.Data.Common;

namespace ImagingPipeline.Consumers.Storage;

internal sealed partial class ConsumerStore
{
    /// <summary>Replaces the study's targets with <paramref name="targets"/> (one transaction).</summary>
    public static async Task ReplaceTargetsAsync(DbConnection c, DbTransaction t, string studyUid, IReadOnlyList<WorklistTarget> targets, CancellationToken ct)
    {
        await ExecuteAsync(c, t, "DELETE FROM worklist_targets WHERE study_uid = @a", ct, studyUid).ConfigureAwait(false);
        foreach (var x in targets)
        {
            await ExecuteAsync(c, t,
                "INSERT INTO worklist_targets (patient_id, study_uid, assessment_version, review_version, site_id, roi_name, treatable_region, " +
                "frame_of_reference_uid, centroid_x, centroid_y, centroid_z, volume_cc) VALUES (@a, @b, @c, @d, @e, @f, @g, @h, @i, @j, @k, @l)", ct,
                x.PatientId, x.StudyInstanceUid, x.AssessmentVersion, x.ReviewVersion, x.SiteId, x.RoiName, x.TreatableRegion,
                x.FrameOfReferenceUid, x.CentroidMm?[0], x.CentroidMm?[1], x.CentroidMm?[2], x.VolumeCc).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<WorklistTarget>> ListTargetsAsync(string? patientId, CancellationToken ct)
    {
        var c = await OpenAsync(ct).ConfigureAwait(false);
        await using (c.ConfigureAwait(false))
        {
            // No "@a IS NULL OR …": PostgreSQL cannot type a parameter that is only compared with NULL.
            using var cmd = Command(c, null,
                "SELECT patient_id, study_uid, assessment_version, review_version, site_id, roi_name, treatable_region, frame_of_reference_uid, " +
                "centroid_x, centroid_y, centroid_z, volume_cc FROM worklist_targets" + (patientId is null ? "" : " WHERE patient_id = @a") +
                " ORDER BY patient_id, study_uid, treatable_region, site_id", patientId is null ? [] : [patientId]);
            var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<WorklistTarget>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    double? D(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
                    var centroid = reader.IsDBNull(8) ? null : new[] { reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10) };
                    list.Add(new WorklistTarget(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                        reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), centroid, D(11)));
                }

                return list;
            }
        }
    }
}
