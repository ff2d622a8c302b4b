namespace ImagingPipeline.Worker.Index;

/// <summary>Which database holds the index.</summary>
internal enum IndexProvider
{
    /// <summary>Embedded default: a SQLite file under Storage:Root (WAL journal).</summary>
    Sqlite,

    /// <summary>ConnectionStrings:Postgres is set.</summary>
    PostgreSql,
}
