"""The six steps of guidance 02-HD/BDV, end to end, in a real browser, by the people who do them.

Only what a person sees and clicks is used: labels, roles, button text and the `data-transition`
attribute of action buttons. Each person has their own browser context (own cookies), logged in
once through the login page.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from models_registry.models import Initiative, State, TransitionLog

from ..conftest import PDF_BYTES, PNG_BYTES
from .conftest import log_in
from .quality_fixtures import BASE_DIR, DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Tổ tự quản “Đèn đường năng lượng mặt trời” ấp Phú Hòa"
NAME_WITHOUT_DIACRITICS = "den duong nang luong mat troi"
CAMPAIGN = "Phong trào “Dân vận khéo” năm {year} — đợt kiểm thử"
STEPS = BASE_DIR / "test-artifacts" / "e2e"


class People:
    """One logged-in browser tab per person, opened on first use."""

    def __init__(self, browser, base_url: str, password: str):
        self.browser, self.base_url, self.password = browser, base_url, password
        self.tabs: dict[str, object] = {}
        self.contexts: list = []

    def __call__(self, username: str):
        if username not in self.tabs:
            context = self.browser.new_context(locale="vi-VN", viewport=DESKTOP, base_url=self.base_url)
            context.set_default_timeout(15_000)
            self.contexts.append(context)
            tab = context.new_page()
            if username != "anonymous":
                log_in(tab, self.base_url, username, self.password)
            self.tabs[username] = tab
        return self.tabs[username]

    def snapshot(self, step: str, username: str) -> None:
        """Keep a picture of what the person saw after each step (test-artifacts/e2e/), for people to review."""
        STEPS.mkdir(parents=True, exist_ok=True)
        self.tabs[username].screenshot(path=STEPS / f"{step}-{username}.png", full_page=True)

    def save_evidence_of_failure(self, step: str) -> None:
        STEPS.mkdir(parents=True, exist_ok=True)
        for username, tab in self.tabs.items():
            tab.screenshot(path=STEPS / f"{step}-{username}.png", full_page=True)
            (STEPS / f"{step}-{username}.html").write_text(tab.content(), encoding="utf-8")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def upload(name: str, content: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def click_transition(tab, action: str) -> None:
    """Press the button (or link) that carries `data-transition="<action>"`, as a person presses it."""
    tab.locator(f'[data-transition="{action}"]').first.click()


def expect_state(tab, label: str, state: str) -> None:
    """The page shows the state's name on its own (a badge), and the database agrees."""
    expect(tab.get_by_text(label, exact=True).first).to_be_visible()
    assert Initiative.objects.get(name=NAME).state == state


def expect_message(tab, *texts: str) -> None:
    """The confirmation that the page announces (role=status) names what was done."""
    for text in texts:
        expect(tab.get_by_role("status")).to_contain_text(text)


def open_own_initiative(tab) -> None:
    """Find the initiative in the unit's list, as the officer does."""
    tab.get_by_role("link", name="Mô hình của đơn vị").first.click()
    tab.get_by_role("link", name=NAME).first.click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(NAME)


def open_summary(tab, campaign_label: str) -> None:
    """Open the summary page of one campaign through the menu and the filter."""
    open_from_menu(tab, "Tổng hợp")
    tab.get_by_label("Đợt phát động").select_option(label=campaign_label)
    tab.get_by_role("button", name="Xem").click()


def section(tab, heading: str):
    return tab.get_by_role("region", name=heading)


def open_from_menu(tab, label: str) -> None:
    """Follow a link of the navbar, opening "Mục khác" first when the bar grouped it there (a crowded bar)."""
    link = tab.locator("nav").get_by_role("link", name=label).first
    if not link.is_visible():
        tab.get_by_role("button", name="Mục khác").click()
    link.click()


def test_a_model_goes_through_the_six_steps_from_launch_to_the_public_showcase(world, live_server, browser, password):
    today = timezone.localdate()
    year = today.year
    campaign_name = CAMPAIGN.format(year=year)
    people = People(browser, live_server.url, password)
    # A loaded CI machine (the suite runs twice, on SQLite and PostgreSQL) can take seconds per page.
    expect.set_options(timeout=15_000)
    step = "start"
    try:
        # Step 1 — the secretariat of the provincial committee creates the campaign, then launches it.
        step = "1-launch"
        tab = people("secretary")
        open_from_menu(tab, "Đợt phát động")
        tab.get_by_role("link", name="Tạo đợt phát động").click()
        tab.get_by_label("Ban Chỉ đạo").select_option(label=world.province_committee.name)
        tab.get_by_label("Tên đợt phát động").fill(campaign_name)
        tab.get_by_label("Năm").fill(str(year))
        tab.get_by_label("Chủ đề").fill("Dân vận khéo trong xây dựng nông thôn mới")
        tab.get_by_label("Bắt đầu").fill(f"{year}-01-01")
        tab.get_by_label("Kết thúc").fill(f"{year}-12-31")
        tab.get_by_label("Mở đăng ký từ").fill(f"{year}-01-01")
        tab.get_by_label("Hạn đăng ký").fill(f"{year}-12-31")
        criteria = section(tab, "Bộ tiêu chí cho mô hình")
        criteria.get_by_label("Tên bộ tiêu chí").fill("Tiêu chí mô hình Dân vận khéo")
        criteria.get_by_label("Ngưỡng điểm công nhận").fill("70")
        for row, (criterion, points) in enumerate(
            [("Sáng tạo, hiệu quả", 40), ("Nhân dân tự giác tham gia", 30), ("Bền vững, nhân rộng được", 30)]
        ):
            criteria.get_by_label("Tiêu chí", exact=True).nth(row).fill(criterion)
            criteria.get_by_label("Điểm tối đa", exact=True).nth(row).fill(str(points))
        tab.get_by_role("button", name="Lưu dự thảo").click()
        expect(tab.get_by_role("heading", level=1)).to_contain_text(campaign_name)
        click_transition(tab, "launch")
        # The confirmation page says what launching does; launching happens on its button.
        tab.get_by_role("button", name="Phát động", exact=True).click()
        expect(tab.get_by_text("Đã phát động", exact=True).first).to_be_visible()
        people.snapshot(step, "secretary")

        # Step 2 — unit staff register a model in the new campaign and submit it.
        step = "2-register"
        tab = people("staff")
        tab.get_by_role("link", name="Đăng ký mới").first.click()
        tab.get_by_label("Đợt phát động").select_option(label=campaign_name)
        tab.get_by_label("Tên mô hình, điển hình").fill(NAME)
        tab.get_by_label("Lĩnh vực").select_option(label="Phát triển kinh tế")
        tab.get_by_label("Loại").select_option(label="Mô hình")
        tab.get_by_label("Chủ thể").select_option(label="Tập thể")
        tab.get_by_label("Hình thức").select_option(label="Xây dựng mới")
        for label, text in [
            ("Thực trạng, lý do", "Tuyến đường liên ấp dài 2 km chưa có đèn, người dân đi lại ban đêm khó khăn."),
            ("Mục đích", "Vận động nhân dân cùng góp công, góp của lắp đèn năng lượng mặt trời."),
            ("Mục tiêu, tiêu chí", "Lắp 40 bóng đèn; 100% hộ trên tuyến đồng thuận tham gia."),
            ("Nội dung, nhiệm vụ, giải pháp", "Họp dân bàn bạc; công khai thu chi; tổ tự quản bảo trì đèn."),
            ("Địa bàn", "Ấp Phú Hòa"),
            ("Địa chỉ cụ thể", "Tuyến đường liên ấp Phú Hòa"),
            ("Lực lượng thực hiện", "Ban nhân dân ấp chủ trì; Chi đoàn thanh niên phối hợp."),
            ("Đối tượng vận động", "Các hộ dân trên tuyến đường."),
            ("Nguồn lực", "Nhân dân đóng góp; mạnh thường quân hỗ trợ."),
            ("Sản phẩm đầu ra", "40 bóng đèn hoạt động; quy chế tổ tự quản."),
            ("Khả năng duy trì, nhân rộng", "Tổ tự quản thu quỹ bảo trì hằng tháng."),
            ("Người liên hệ, điện thoại", "Trần Văn Bình, 0909 111 222"),
        ]:
            tab.get_by_label(label, exact=False).first.fill(text)
        tab.get_by_label("Thời gian bắt đầu").fill(f"{year}-02-01")
        tab.get_by_label("Thời gian kết thúc").fill(f"{year}-11-30")
        click_transition(tab, "submit")
        tab.wait_for_url(re.compile(r"/initiatives/\d+/$"))
        expect(tab.get_by_role("heading", level=1)).to_contain_text(NAME)
        expect_state(tab, "Đã đăng ký, chờ thẩm định", State.SUBMITTED)
        people.snapshot(step, "staff")
        initiative_url = tab.url

        # Step 2 (appraisal) — the commune committee member returns it with what to adjust.
        step = "2-return"
        tab = people("member")
        tab.get_by_role("link", name="Thẩm định").first.click()
        section(tab, "Đăng ký chờ thẩm định").get_by_role("link", name=NAME).first.click()
        tab.get_by_label("Nội dung cần điều chỉnh").fill("Ghi rõ số hộ tham gia và kinh phí dự kiến.")
        click_transition(tab, "return_for_revision")
        expect_message(tab, "Yêu cầu điều chỉnh", NAME)
        assert Initiative.objects.get(name=NAME).state == State.RETURNED
        people.snapshot(step, "member")

        # The staff read the comment, fix the registration and submit it again.
        step = "2-resubmit"
        tab = people("staff")
        open_own_initiative(tab)
        expect(tab.get_by_text("Ghi rõ số hộ tham gia và kinh phí dự kiến.").first).to_be_visible()
        tab.get_by_role("link", name="Sửa nội dung").click()
        tab.get_by_label("Mục tiêu, tiêu chí").fill("Lắp 40 bóng đèn; 120 hộ tham gia; kinh phí dự kiến 80 triệu đồng.")
        click_transition(tab, "submit")
        tab.wait_for_url(re.compile(r"/initiatives/\d+/$"))
        expect_state(tab, "Đã đăng ký, chờ thẩm định", State.SUBMITTED)
        people.snapshot(step, "staff")

        # Step 3 — the member approves it with the committee's plan.
        step = "3-approve"
        tab = people("member")
        tab.get_by_role("link", name="Thẩm định").first.click()
        section(tab, "Đăng ký chờ thẩm định").get_by_role("link", name=NAME).first.click()
        tab.get_by_label("Kế hoạch, định hướng của Ban Chỉ đạo").fill(
            "Ban Chỉ đạo xã hỗ trợ kết nối mạnh thường quân; kiểm tra vào quý III."
        )
        tab.get_by_label("member2").check()
        click_transition(tab, "approve")
        expect_message(tab, "Duyệt", NAME)
        assert Initiative.objects.get(name=NAME).state == State.APPROVED
        people.snapshot(step, "member")

        # Step 4 — the member records an inspection with a photo.
        step = "4-inspect"
        tab.get_by_role("link", name="Thẩm định").first.click()
        queue = section(tab, "Đã duyệt, chưa kiểm tra hoặc quá 90 ngày chưa kiểm tra")
        queue.locator("tr", has_text=NAME).get_by_role("link", name="Ghi kết quả kiểm tra").click()
        tab.get_by_label("member", exact=True).check()
        tab.get_by_label("Mức độ hoàn thành (%)").fill("85")
        tab.get_by_label("Tốt").check()
        tab.get_by_label("Kết quả kiểm tra").fill("Đã lắp 34/40 bóng; nhân dân tự quản tốt.")
        tab.get_by_label("Ảnh, tài liệu minh chứng").set_input_files(upload("den-duong.png", PNG_BYTES, "image/png"))
        tab.get_by_role("button", name="Lưu kết quả kiểm tra").click()
        expect(tab.get_by_text("Hoàn thành 85%").first).to_be_visible()
        people.snapshot(step, "member")

        # Step 5 — the staff ask for recognition with the results and an evidence file.
        step = "5-request"
        tab = people("staff")
        open_own_initiative(tab)
        click_transition(tab, "request_recognition")
        tab.get_by_label("Kết quả đạt được so với mục tiêu").fill(
            "Lắp 40/40 bóng đèn; 126 hộ tham gia; quỹ bảo trì 12 triệu."
        )
        tab.get_by_label("Tệp minh chứng").set_input_files(
            upload("bien-ban-nghiem-thu.pdf", PDF_BYTES, "application/pdf")
        )
        click_transition(tab, "request_recognition")
        tab.wait_for_url(initiative_url)
        expect_state(tab, "Đề nghị công nhận", State.RECOGNITION_REQUESTED)
        expect(tab.locator('[data-transition="request_recognition"]')).to_have_count(0)
        people.snapshot(step, "staff")

        # Two committee members fill their score sheets.
        step = "5-score"
        for username, points in (("member", ["36", "27", "26"]), ("member2", ["34", "25", "25"])):
            tab = people(username)
            tab.get_by_role("link", name="Thẩm định").first.click()
            section(tab, "Đề nghị công nhận chờ chấm điểm hoặc quyết định").get_by_role("link", name=NAME).first.click()
            for criterion, value in zip(
                ["Sáng tạo, hiệu quả", "Nhân dân tự giác tham gia", "Bền vững, nhân rộng được"], points, strict=True
            ):
                tab.get_by_role("group", name=criterion).get_by_label("Điểm").fill(value)
            tab.get_by_role("button", name="Nộp phiếu").click()
            tab.get_by_role("button", name="Nộp phiếu").click()  # on the confirmation page
            expect(tab.get_by_text("Phiếu đã nộp").first).to_be_visible()
            people.snapshot(f"{step}-{username}", username)

        # The chair recognizes it in a decision.
        step = "5-recognize"
        tab = people("chair")
        tab.get_by_role("link", name="Công nhận").first.click()
        row = tab.locator("tr", has_text=NAME)
        expect(row).to_contain_text("86")  # mean of 89 and 84, printed as 86,5 in Vietnamese
        row.get_by_role("checkbox").check()
        tab.get_by_label("Số quyết định").fill(f"125/QĐ-BCĐ-{year}")
        tab.get_by_label("Ngày quyết định").fill(today.isoformat())
        tab.get_by_label("Người ký").fill("Nguyễn Văn An")
        click_transition(tab, "recognize")
        tab.get_by_role("button", name="Ban hành quyết định", exact=True).click()  # on the confirmation page
        expect_message(tab, f"125/QĐ-BCĐ-{year}")
        expect(tab.get_by_role("table")).to_contain_text(NAME)
        assert Initiative.objects.get(name=NAME).state == State.RECOGNIZED
        people.snapshot(step, "chair")

        # Step 6 — the secretariat records a commendation, then summarizes the campaign.
        step = "6-commend"
        tab = people("secretary")
        open_summary(tab, campaign_name)  # the name says its year: the label does not repeat it
        recognized = section(tab, "Danh sách được công nhận")
        recognized.locator("tr", has_text=NAME).get_by_role("link", name="Khen thưởng").click()
        tab.get_by_label("Hình thức khen thưởng").select_option(index=1)
        tab.get_by_label("Cấp khen thưởng").select_option("province")
        tab.get_by_label("Cơ quan khen thưởng").fill("Ủy ban nhân dân tỉnh Vĩnh Long")
        tab.get_by_label("Số quyết định").fill(f"88/QĐ-UBND-{year}")
        tab.get_by_label("Ngày quyết định").fill(today.isoformat())
        tab.get_by_role("button", name="Ghi nhận khen thưởng").click()
        expect(section(tab, "Khen thưởng đã ghi nhận")).to_contain_text(f"88/QĐ-UBND-{year}")
        people.snapshot(step, "secretary")

        step = "6-summarize"
        open_from_menu(tab, "Đợt phát động")
        tab.get_by_role("link", name=campaign_name).first.click()
        click_transition(tab, "summarize")
        tab.get_by_label("Bài học kinh nghiệm").fill("Phát huy vai trò tự quản của nhân dân; công khai thu chi.")
        early = tab.get_by_label("Tôi hiểu: tổng kết sớm", exact=False)
        if early.count():
            early.check()
        tab.get_by_role("button", name="Xem lại trước khi tổng kết").click()
        tab.get_by_role("button", name="Tổng kết", exact=True).click()
        expect(tab.get_by_text("Đã tổng kết", exact=True).first).to_be_visible()
        people.snapshot(step, "secretary")

        # The summary, downloaded as XLSX and opened.
        step = "6-export"
        open_summary(tab, campaign_name)  # the name says its year: the label does not repeat it
        # Asking makes a job; its page offers the file once the worker (here: at once) wrote it.
        tab.get_by_role("link", name="Tải Excel (XLSX)").click()
        with tab.expect_download() as download_info:
            tab.get_by_role("link", name="Tải tệp").click()
        download = download_info.value
        with open(download.path(), "rb") as handle:  # openpyxl wants a name ending in .xlsx, or bytes
            workbook = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
        cells = [
            str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        ]

        # Anyone finds it on the public showcase by typing its name without diacritics.
        step = "6-showcase"
        tab = people("anonymous")
        tab.goto("/")
        tab.get_by_role("link", name="Mô hình tiêu biểu").first.click()
        tab.get_by_label("Tìm theo tên, nội dung").fill(NAME_WITHOUT_DIACRITICS)
        tab.get_by_role("button", name="Tìm").click()
        tab.get_by_role("link", name=NAME).first.click()
        expect(tab.get_by_role("heading", level=1)).to_contain_text(NAME)
        people.snapshot(step, "anonymous")
    except Exception:
        people.save_evidence_of_failure(step)
        raise
    finally:
        people.close()

    # Assert: what the people saw is what the database holds.
    initiative = Initiative.objects.get(name=NAME)
    assert initiative.state == State.RECOGNIZED
    assert initiative.campaign.name == campaign_name and initiative.campaign.state == "summarized"
    assert initiative.decision.number == f"125/QĐ-BCĐ-{year}"
    assert initiative.commendations.count() == 1
    assert initiative.inspections.get().completion == 85
    assert initiative.attachments.count() == 2
    assert initiative.score_sheets.filter(submitted_at__isnull=False).count() == 2
    assert list(
        TransitionLog.objects.filter(initiative=initiative)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    ) == [
        "submit",
        "return_for_revision",
        "submit",
        "approve",
        "request_recognition",
        "recognize",
    ]
    assert download.suggested_filename.endswith(".xlsx")
    assert NAME in cells, "the exported workbook does not list the recognized initiative"
