// Every test here runs whole worker hosts in this process, and Hangfire keeps process-wide state
// (its global configuration, job activator): two hosts at once would run each other's jobs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
