"""Fixture DAGs for Tests/e2e/airflow_e2e.py: a real Airflow sends its metrics to statsd-bridge.

team.etl-daily is run with `airflow dags test`. Its ids are chosen to stress the mapping: the dag id holds a dot
and a dash, the task group gives a task id with dots (extract-src.pull.users; Airflow 3 sends it as
extract-src__pull__users, Airflow 2 as it is), and one task fails, so that ti.finish carries both "success" and
"failed". No retries, so the failure is final at once. It is paused at creation, so the scheduler leaves its runs alone.

team.ping-5s is run by `airflow scheduler`: every 5 seconds, one EmptyOperator task, which the scheduler marks
successful without an executor or an API server. Its finished runs give the dagrun.* metrics (`airflow dags test`
does not send those).

The same file runs on Airflow 3 and 2 (the test runs 3.3.2 and 2.11.2): it uses the Task SDK and the standard
provider that `pip install apache-airflow==3.3.2` brings, and falls back to their Airflow 2 homes (airflow.decorators,
airflow.operators.empty), which `pip install apache-airflow==2.11.2` has; 2.x has neither airflow.sdk nor the
standard provider.
"""
import time
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.providers.standard.operators.empty import EmptyOperator
    from airflow.sdk import dag, task, task_group
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task, task_group
    from airflow.operators.empty import EmptyOperator


@dag(dag_id="team.etl-daily", schedule=None, catchup=False, tags=["statsd-bridge-e2e"],
     default_args={"retries": 0})
def etl_daily():
    @task_group(group_id="extract-src")
    def extract_src():
        @task(task_id="pull.users")
        def pull_users():
            time.sleep(0.3)  # a duration well above the timer resolution
            return 3

        return pull_users()

    @task(task_id="load-fails")
    def load_fails():
        raise RuntimeError("deliberate failure for the statsd-bridge end-to-end test")

    extract_src()
    load_fails()


@dag(dag_id="team.ping-5s", schedule=timedelta(seconds=5), start_date=datetime(2024, 1, 1), catchup=False,
     is_paused_upon_creation=False, max_active_runs=1, tags=["statsd-bridge-e2e"])
def ping_5s():
    EmptyOperator(task_id="noop")


etl_daily()
ping_5s()
