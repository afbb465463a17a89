"""The worker end to end: a published notice reaches each channel exactly once, through the real
database task backend and the `db_worker` command, even when the worker runs twice."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from careerpath.notifications.models import Delivery, DeliveryState
from careerpath.notifications.services import robot_save
from careerpath.promotions.models import Notification
from tests.web.notices_fixtures import publish, ready_application

pytestmark = pytest.mark.django_db(transaction=True)

TOKENS = {"wecom": "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "dingtalk": "a1b2c3d4e5f6", "feishu": "b5c6d7e8-f9a0"}


def run_worker() -> None:
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)


def robots(c) -> None:  # noqa: ANN001
    for vendor, token in TOKENS.items():
        robot_save(actor=c.users["hr"], department=c.dept, vendor=vendor, name=f"{vendor} 群", events=["notice"],
                   token=token, secret="SECabc123" if vendor == "dingtalk" else "")


def test_a_published_notice_sends_one_message_per_channel(company, smtp_inbox, robot_receiver, settings):  # noqa: ANN001
    settings.CAREERPATH_SITE_URL = "https://hr.example.com"
    agent_user = company.users["agent"]
    agent_user.email = "zhangsan@example.com"
    agent_user.save()
    robots(company)
    # A robot of another department, and one that does not relay notices: neither hears of it.
    from careerpath.people.models import Department

    robot_save(actor=company.users["hr"], department=Department.objects.get(name="华南客服部"), vendor="wecom",
               name="华南群", events=["notice"], token="othergroupkey")
    robot_save(actor=company.users["hr"], department=company.dept, vendor="feishu", name="培训群",
               events=["training"], token="trainingonly")

    notice = publish(company, ready_application(company.agent))

    assert not smtp_inbox.mails and not robot_receiver.hits  # nothing is sent in the request
    assert DBTaskResult.objects.count() == Delivery.objects.count() == 4
    run_worker()
    run_worker()  # a second run, and a second enqueue of every delivery: still nothing sent twice
    from careerpath.notifications.tasks import deliver
    for pk in Delivery.objects.values_list("pk", flat=True):
        deliver.enqueue(pk)
    run_worker()

    assert [m.to for m in smtp_inbox.mails] == [["zhangsan@example.com"]]
    mail = smtp_inbox.mails[0]
    assert "晋升申请" in mail.subject
    assert f"https://hr.example.com/applications/{notice.entries.get().application_id}/" in mail.body
    for vendor, token in TOKENS.items():
        hits = robot_receiver.of(vendor)
        assert len(hits) == 1, vendor
        assert token in hits[0].path
        assert f"https://hr.example.com/notices/{notice.pk}/" in json.dumps(hits[0].body, ensure_ascii=False)
        assert notice.number in json.dumps(hits[0].body, ensure_ascii=False)
    assert "timestamp=" in robot_receiver.of("dingtalk")[0].path and "sign=" in robot_receiver.of("dingtalk")[0].path
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert Notification.objects.filter(user=agent_user).count() == 1


def test_a_failing_robot_is_retried_with_backoff_then_shown_as_dead(company, robot_receiver, settings):  # noqa: ANN001
    settings.CAREERPATH_DELIVERY_MAX_ATTEMPTS = 2
    settings.CAREERPATH_DELIVERY_BACKOFF_SECONDS = 1
    robot_save(actor=company.users["hr"], department=company.dept, vendor="wecom", name="企微群",
               events=["notice"], token="failingkey")
    robot_receiver.fail.add("wecom")
    publish(company, ready_application(company.agent))
    run_worker()
    d = Delivery.objects.get()
    assert (d.state, d.attempts) == (DeliveryState.FAILED, 1)
    assert "500" in d.last_error or "Internal" in d.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > d.created_at  # the retry waits (backoff)
    assert d.next_attempt_at == retry.run_after
    # Time passes: the retry becomes due.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=d.created_at)
    Delivery.objects.filter(pk=d.pk).update(next_attempt_at=d.created_at)
    run_worker()
    d.refresh_from_db()
    assert (d.state, d.attempts) == (DeliveryState.DEAD, 2)
    assert len(robot_receiver.of("wecom")) == 2
    assert "failingkey" not in d.last_error



def test_a_new_training_session_is_announced_to_the_robots_that_relay_training(company, robot_receiver):  # noqa: ANN001
    # given one group robot relaying training and one relaying notices only
    from datetime import date

    from careerpath.training.services import program_create, session_create

    robot_save(actor=company.users["hr"], department=company.dept, vendor="feishu", name="培训群",
               events=["training"], token="trainingonly")
    robot_save(actor=company.users["hr"], department=company.dept, vendor="wecom", name="公示群",
               events=["notice"], token="noticeonly")
    program = program_create(actor=company.users["hr"], name="储备干部培训", evidence_program="储备干部培训")
    # when HR plans a session
    session_create(actor=company.users["hr"], program=program, starts_on=date(2026, 12, 15), place="三楼培训室",
                   capacity=20)
    run_worker()
    # then the training group hears of it once, with the session's link; the notice group does not
    hits = robot_receiver.of("feishu")
    assert len(hits) == 1 and "trainingonly" in hits[0].path
    body = json.dumps(hits[0].body, ensure_ascii=False)
    assert "储备干部培训" in body and "/training/sessions/" in body
    assert robot_receiver.of("wecom") == []
