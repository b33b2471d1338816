import os
import datetime

import jinja2
import psycopg2
import requests
import sentry_sdk

sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))

TEMPLATE = jinja2.Template("Hello {{ name }}, invoice {{ number }} is {{ days }} days overdue.")


def overdue(conn):
    with conn.cursor() as cur:
        cur.execute(
            "SELECT customer_name, email, number, due_date FROM invoices WHERE paid_at IS NULL AND due_date < %s",
            (datetime.date.today(),),
        )
        return cur.fetchall()


def main():
    conn = psycopg2.connect(
        host=os.environ["DB_HOST"], dbname="billing", user="billing", password=os.environ["DB_PASSWORD"]
    )
    for name, email, number, due in overdue(conn):
        body = TEMPLATE.render(name=name, number=number, days=(datetime.date.today() - due).days)
        requests.post(
            os.environ["MAILER_URL"],
            json={"to": email, "subject": f"Invoice {number}", "text": body},
            headers={"Authorization": f"Bearer {os.environ['MAILER_TOKEN']}"},
            timeout=10,
        ).raise_for_status()


if __name__ == "__main__":
    main()
