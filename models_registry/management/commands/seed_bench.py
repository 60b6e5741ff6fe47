"""Seed a province-sized data set for the benchmark (`bench/run.py`): a unit tree, committees,
users, five yearly campaigns and N initiatives with their whole history.

This command deliberately BYPASSES the lifecycle entry point (`models_registry.lifecycle.apply`):
moving a million initiatives through it one transition at a time would take hours, so it writes
each initiative's final state together with the TransitionLog rows that lead there, and the
inspections, score sheets, decisions, commendations and attachment rows that the lifecycle would
have produced — consistent by construction (state == the last log row's to_state; a draft has no
log row). On PostgreSQL it streams rows with COPY inside one transaction (secondary indexes are
dropped and rebuilt, foreign-key triggers are skipped for the session, then VACUUM ANALYZE); on
other databases it falls back to bulk_create. Never run it against real data: it refuses a
database that already holds initiatives unless --force is given.
"""

from __future__ import annotations

import datetime
import io
import queue
import random
import threading
import time
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import (
    PATH_STEP,
    Campaign,
    CampaignLog,
    CampaignState,
    CommitteeMembership,
    CriteriaSet,
    Criterion,
    Field,
    InitiativeKind,
    Level,
    Role,
    SteeringCommittee,
    Unit,
    UnitKind,
    UnitMembership,
)
from campaigns.text import fold, nfc
from models_registry.lifecycle import TRANSITIONS
from models_registry.models import (
    REQUESTED_STATES,
    SEARCH_CONTENT_CHARS,
    Attachment,
    AttachmentPurpose,
    Commendation,
    CommendationKind,
    CommendationLevel,
    Effectiveness,
    Initiative,
    Inspection,
    Origin,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    State,
    Subject,
    TransitionLog,
)

PROVINCE_CODE = "BENCH-VL"
PASSWORD = "dvk-demo-2026"
YEARS = (2022, 2023, 2024, 2025, 2026)
CURRENT_YEAR = 2026
# Share of the initiatives registered in each yearly campaign (the movement grows).
YEAR_WEIGHTS = (16, 18, 20, 22, 24)

# Final states in a summarized year and in the running one (percent).
SUMMARIZED_STATES = {
    State.RECOGNIZED: 52,
    State.APPROVED: 12,
    State.NOT_RECOGNIZED: 9,
    State.REJECTED: 7,
    State.WITHDRAWN: 7,
    State.RECOGNITION_REQUESTED: 4,
    State.DRAFT: 4,
    State.SUBMITTED: 3,
    State.RETURNED: 2,
}
RUNNING_STATES = {
    State.DRAFT: 9,
    State.SUBMITTED: 11,
    State.RETURNED: 5,
    State.APPROVED: 30,
    State.REJECTED: 3,
    State.RECOGNITION_REQUESTED: 12,
    State.RECOGNIZED: 22,
    State.NOT_RECOGNIZED: 4,
    State.WITHDRAWN: 4,
}

# The actions that lead from draft to each state; the first path is the common one.
PATHS: dict[str, list[tuple[str, ...]]] = {
    State.DRAFT: [()],
    State.SUBMITTED: [("submit",), ("submit", "return_for_revision", "submit")],
    State.RETURNED: [("submit", "return_for_revision")],
    State.APPROVED: [("submit", "approve"), ("submit", "return_for_revision", "submit", "approve")],
    State.REJECTED: [("submit", "reject")],
    State.RECOGNITION_REQUESTED: [
        ("submit", "approve", "request_recognition"),
        ("submit", "approve", "request_recognition", "request_more_evidence", "request_recognition"),
    ],
    State.RECOGNIZED: [
        ("submit", "approve", "request_recognition", "recognize"),
        ("submit", "return_for_revision", "submit", "approve", "request_recognition", "recognize"),
    ],
    State.NOT_RECOGNIZED: [("submit", "approve", "request_recognition", "decline_recognition")],
    State.WITHDRAWN: [("submit", "withdraw"), ("withdraw",), ("submit", "approve", "withdraw")],
}
STAFF_ACTIONS = {"submit", "request_recognition", "withdraw"}

# ----- Vietnamese text pools (NFC) ---------------------------------------------------------
PLACE_FIRST = ["Tân", "Phú", "Long", "Bình", "An", "Mỹ", "Hòa", "Thạnh", "Vĩnh", "Trung", "Hưng", "Lộc"]
PLACE_SECOND = ["Phước", "Hòa", "An", "Thành", "Lợi", "Đông", "Tây", "Mỹ", "Hưng", "Thuận", "Quới", "Ninh"]
AGENCIES = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Thuế tỉnh",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "Trường Chính trị tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Trường Đại học Cửu Long",
    "Trường Cao đẳng Kỹ thuật",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Đảng ủy UBND tỉnh",
    "Công ty Điện lực tỉnh",
    "Công ty Cấp thoát nước",
    "Cục Thống kê tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Quỹ Đầu tư phát triển tỉnh",
    "Trung tâm Phục vụ hành chính công",
]
ORGANISATIONS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", UnitKind.FRONT),
    ("Hội Liên hiệp Phụ nữ tỉnh", UnitKind.FRONT),
    ("Tỉnh đoàn", UnitKind.FRONT),
    ("Hội Nông dân tỉnh", UnitKind.FRONT),
    ("Hội Cựu chiến binh tỉnh", UnitKind.FRONT),
    ("Liên đoàn Lao động tỉnh", UnitKind.FRONT),
]
TITLES = {
    "economic": [
        "Tổ phụ nữ tiết kiệm",
        "Hiến đất làm đường giao thông nông thôn",
        "Tổ hợp tác trồng bưởi da xanh",
        "Chung sức xây dựng nông thôn mới",
        "Cánh đồng lớn liên kết tiêu thụ lúa",
        "Giúp nhau thoát nghèo bền vững",
        "Nuôi bò sinh sản cho hộ cận nghèo",
        "Chợ nông sản an toàn",
        "Vườn cây ăn trái kiểu mẫu",
        "Chuyển đổi số trong tiêu thụ nông sản",
    ],
    "culture_society": [
        "Tuyến đường hoa nông thôn mới",
        "Khuyến học, khuyến tài dòng họ",
        "Nếp sống văn minh trong việc cưới, tang",
        "Phân loại rác thải tại nguồn",
        "Bữa cơm nghĩa tình cho bệnh nhân nghèo",
        "Tủ sách pháp luật ở khu dân cư",
        "Dạy bơi miễn phí cho trẻ em",
        "Ngôi nhà nhân ái",
    ],
    "security_defence": [
        "Camera an ninh khu dân cư",
        "Tổ tự quản an ninh trật tự",
        "Khu dân cư không có tội phạm và tệ nạn ma túy",
        "Dòng họ không có người vi phạm pháp luật",
        "Cảm hóa, giáo dục người lầm lỗi",
        "Tổ hòa giải ở cơ sở",
    ],
    "political_system": [
        "Dân vận chính quyền trong cải cách hành chính",
        "Một cửa thân thiện",
        "Đối thoại trực tiếp với nhân dân",
        "Chi bộ bốn tốt",
        "Cán bộ, đảng viên gần dân, sát dân",
        "Giải quyết khiếu nại tại cơ sở",
    ],
    "other": [
        "Thanh niên tình nguyện vì cộng đồng",
        "Cựu chiến binh giúp nhau làm kinh tế",
        "Ngày thứ Bảy tình nguyện",
        "Đoàn viên công đoàn đồng hành cùng người lao động",
    ],
}
SITUATION = [
    "Trên địa bàn còn nhiều tuyến đường đất, mùa mưa lầy lội, việc đi lại của bà con gặp nhiều khó khăn.",
    "Tỷ lệ hộ nghèo và cận nghèo còn cao, một bộ phận người dân chưa có việc làm ổn định.",
    "Tình trạng xả rác bừa bãi ra kênh rạch ảnh hưởng đến môi trường và sức khỏe người dân.",
    "Một số thanh thiếu niên bỏ học sớm, có nguy cơ sa vào tệ nạn xã hội.",
    "Thủ tục hành chính còn rườm rà, người dân phải đi lại nhiều lần.",
    "Sản xuất nông nghiệp còn nhỏ lẻ, giá cả nông sản bấp bênh, thu nhập người dân chưa cao.",
    "Tình hình an ninh trật tự có lúc còn phức tạp, trộm cắp vặt vẫn xảy ra.",
    "Nhiều hộ gia đình có hoàn cảnh khó khăn cần được hỗ trợ kịp thời.",
]
PURPOSE = [
    "Phát huy vai trò chủ thể của nhân dân, huy động sức dân cùng với Nhà nước thực hiện nhiệm vụ chính trị ở địa phương.",
    "Nâng cao đời sống vật chất và tinh thần của nhân dân, củng cố niềm tin của nhân dân với Đảng và chính quyền.",
    "Tạo sự đồng thuận trong cộng đồng, góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội.",
    "Vận động hội viên, đoàn viên giúp nhau phát triển kinh tế gia đình, giảm nghèo bền vững.",
]
GOALS = [
    "Đến cuối năm có ít nhất 90% hộ gia đình tham gia.",
    "Giảm 2% hộ nghèo so với đầu năm.",
    "Hoàn thành 3 km đường bê tông do nhân dân đóng góp.",
    "100% hộ dân thực hiện phân loại rác tại nguồn.",
    "Không để xảy ra vụ việc phức tạp kéo dài.",
    "Thu nhập bình quân của thành viên tăng 15%.",
]
SOLUTIONS = [
    "Tổ chức họp dân, tuyên truyền công khai mục đích, nội dung và lợi ích của mô hình.",
    "Phân công cán bộ, đảng viên phụ trách từng nhóm hộ, thường xuyên nắm tình hình.",
    "Huy động nguồn lực xã hội hóa, kết hợp hỗ trợ của Nhà nước và đóng góp của nhân dân.",
    "Định kỳ sơ kết, rút kinh nghiệm, biểu dương những cá nhân, hộ gia đình tiêu biểu.",
    "Phối hợp với các ngành chuyên môn tập huấn kỹ thuật cho người dân.",
    "Xây dựng quy ước, hương ước và niêm yết công khai tại nhà văn hóa ấp.",
]
TARGET_GROUP = [
    "Hộ gia đình trên địa bàn ấp.",
    "Hội viên phụ nữ và hộ nghèo, cận nghèo.",
    "Đoàn viên thanh niên và học sinh.",
    "Người dân đến giao dịch tại bộ phận một cửa.",
    "Hộ sản xuất nông nghiệp.",
]
FORCES = [
    "Chi bộ lãnh đạo, Ban Nhân dân ấp chủ trì, Mặt trận và các đoàn thể phối hợp, nhân dân tham gia.",
    "Hội Liên hiệp Phụ nữ chủ trì, Đoàn Thanh niên và Hội Nông dân phối hợp.",
    "Công an xã chủ trì, Tổ bảo vệ an ninh trật tự ở cơ sở và nhân dân tham gia.",
]
RESOURCES = [
    "Nhân dân đóng góp ngày công và vật liệu; ngân sách hỗ trợ một phần.",
    "Vốn vay ưu đãi của Ngân hàng Chính sách xã hội và quỹ hội.",
    "Kinh phí xã hội hóa từ các nhà hảo tâm và doanh nghiệp trên địa bàn.",
]
OUTPUTS = [
    "Báo cáo kết quả, hình ảnh trước và sau khi thực hiện, danh sách hộ tham gia.",
    "Công trình hoàn thành đưa vào sử dụng, biên bản nghiệm thu có chữ ký của nhân dân.",
    "Số hộ thoát nghèo, thu nhập tăng thêm được xác nhận.",
]
SUSTAINABILITY = [
    "Mô hình có thể duy trì lâu dài và nhân rộng ra các ấp khác trong xã.",
    "Nhân dân đồng thuận cao, có quy chế hoạt động rõ ràng nên bền vững.",
]
ADVANTAGES = [
    "Được cấp ủy, chính quyền quan tâm chỉ đạo; nhân dân đồng tình ủng hộ.",
    "Có sự phối hợp chặt chẽ giữa các đoàn thể.",
]
DIFFICULTIES = [
    "Kinh phí còn hạn chế, một số hộ còn khó khăn nên chưa tham gia đầy đủ.",
    "Thời tiết thất thường ảnh hưởng đến tiến độ.",
]
COMMENTS = {
    "return_for_revision": [
        "Đề nghị ghi rõ địa chỉ cụ thể và số hộ tham gia.",
        "Mục tiêu chưa đo lường được, đề nghị bổ sung chỉ tiêu cụ thể.",
        "Mô hình này năm trước đã đăng ký, đề nghị chọn hình thức duy trì.",
    ],
    "reject": ["Nội dung trùng với nhiệm vụ thường xuyên của đơn vị, chưa phải mô hình."],
    "request_more_evidence": ["Đề nghị bổ sung biên bản họp dân và hình ảnh công trình sau khi hoàn thành."],
    "decline_recognition": ["Kết quả chưa đạt mục tiêu đề ra, điểm bình quân dưới ngưỡng công nhận."],
    "withdraw": ["Đơn vị xin rút đăng ký do thay đổi kế hoạch của địa phương."],
}
PLAN_NOTES = [
    "Thống nhất nội dung; đơn vị triển khai theo kế hoạch, báo cáo tiến độ hằng quý.",
    "Đồng ý; lưu ý huy động nguồn lực trong dân, không đặt nặng ngân sách.",
]
RESULTS = [
    "Đã hoàn thành mục tiêu đề ra, nhân dân đồng tình, hiệu quả rõ rệt.",
    "Đạt và vượt chỉ tiêu; mô hình được các ấp lân cận học tập.",
]
FINDINGS = [
    "Mô hình triển khai đúng kế hoạch, nhân dân tham gia đông đủ.",
    "Tiến độ còn chậm ở một số hạng mục, cần đẩy nhanh.",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"]
GIVEN = ["Văn Ba", "Thị Lan", "Minh Tuấn", "Thị Hồng", "Hoàng Nam", "Thị Mai", "Quốc Bảo", "Thanh Hà", "Văn Út"]


def _nfc_pools() -> None:
    """Keep every literal NFC, as the product stores text."""
    g = globals()
    for name in ("SITUATION", "PURPOSE", "GOALS", "SOLUTIONS", "TARGET_GROUP", "FORCES", "RESOURCES", "OUTPUTS"):
        g[name] = [nfc(s) for s in g[name]]
    for code, titles in TITLES.items():
        TITLES[code] = [nfc(t) for t in titles]


_nfc_pools()


@lru_cache(maxsize=4096)
def _fold(piece: str) -> str:
    return fold(piece)


# ----- writing rows ------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


class Loader:
    """Buffer rows per model; COPY them on PostgreSQL, bulk_create them elsewhere. Assigns ids."""

    def __init__(self, use_copy: bool, flush_rows: int = 20000):
        self.use_copy = use_copy
        self.flush_rows = flush_rows
        self.fields: dict[type, tuple[str, ...]] = {}
        self.rows: dict[type, list] = {}
        self.counts: dict[type, int] = defaultdict(int)
        self.next_ids: dict[type, int] = {}

    def register(self, model, fields: tuple[str, ...]) -> None:
        self.fields[model] = ("id", *fields)
        self.rows[model] = []
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.next_ids[model] = last + 1

    def add(self, model, *values) -> int:
        """Queue one row (values in the registered order, without the id) and return its id."""
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        rows = self.rows[model]
        if self.use_copy:
            rows.append("\t".join([str(pk), *map(_cell, values)]))
        else:
            rows.append((pk, *values))
        if len(rows) >= self.flush_rows:
            self.flush(model)
        return pk

    def flush(self, model) -> None:
        rows = self.rows[model]
        if not rows:
            return
        fields = self.fields[model]
        if self.use_copy:
            meta = model._meta
            columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
            self._copy(
                f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN", "\n".join(rows) + "\n"
            )
        else:
            model.objects.bulk_create([model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=500)
        self.counts[model] += len(rows)
        self.rows[model] = []

    def flush_all(self) -> None:
        for model in self.rows:
            self.flush(model)
        self.wait()

    # PostgreSQL parses and stores a COPY while Python generates the next rows: one writer thread
    # on the same connection (psycopg2 releases the GIL while it waits on the server); the main
    # thread does not touch the connection until wait() returns.
    def _copy(self, sql: str, data: str) -> None:
        if self._thread is None:
            self._queue: queue.Queue = queue.Queue(maxsize=2)
            self._error: BaseException | None = None
            raw = connection.connection  # the psycopg2 connection, inside the open transaction

            def writer():
                while (job := self._queue.get()) is not None:
                    try:
                        if self._error is None:
                            with raw.cursor() as cursor:
                                cursor.copy_expert(job[0], io.StringIO(job[1]))
                    except BaseException as error:  # reported to the main thread by wait()
                        self._error = error
                    finally:
                        self._queue.task_done()
                self._queue.task_done()

            self._thread = threading.Thread(target=writer, name="seed-bench-copy", daemon=True)
            self._thread.start()
        if self._error is not None:
            self.wait()
        self._queue.put((sql, data))

    _thread: threading.Thread | None = None

    def wait(self) -> None:
        """Let the writer finish every queued COPY; re-raise its error, if any."""
        if self._thread is not None:
            self._queue.put(None)
            self._queue.join()
            self._thread.join()
            self._thread = None
            if self._error is not None:
                raise self._error


# ----- the world (units, users, committees, campaigns) -------------------------------------
class World:
    """Everything the initiatives hang on, kept in memory as plain ids and strings."""

    def __init__(self):
        self.province: Unit | None = None
        self.units: dict[int, dict] = {}  # id → {path, name, fold, commune (id or None), kind}
        self.communes: list[int] = []
        self.staff: dict[int, list[int]] = defaultdict(list)  # unit id → user ids
        self.province_committee: int = 0
        self.commune_committee: dict[int, int] = {}  # commune unit id → committee id
        self.members: dict[int, list[int]] = defaultdict(list)  # committee id → member user ids
        self.leader: dict[int, tuple[int, str]] = {}  # committee id → (chair user id, chair's name)
        self.committee_unit: dict[int, int] = {}
        self.campaigns: dict[int, Campaign] = {}
        self.criteria: dict[tuple[int, str], list[tuple[int, int]]] = {}  # (campaign, kind) → [(criterion, max)]


def _commendation_authority(kind: str, pk: int, day: datetime.date) -> tuple[str, str]:
    """Return a plausible (level, authority) for a commendation: spread by id, not by a random draw."""
    if kind == CommendationKind.HIGHER_CERTIFICATE_OF_MERIT:
        if pk % 10 == 0:
            return CommendationLevel.CENTRAL, "Ban Dân vận Trung ương"
        return CommendationLevel.PROVINCE, "Chủ tịch UBND tỉnh Vĩnh Long"
    if pk % 4 == 0:
        return CommendationLevel.PROVINCE, "Ban Dân vận Tỉnh ủy Vĩnh Long"
    # Districts were dissolved in the 2025 reorganisation: their certificates are older.
    if day.year < 2025 and pk % 2:
        return CommendationLevel.DISTRICT, "Chủ tịch UBND huyện"
    return CommendationLevel.COMMUNE, "Chủ tịch UBND xã"


def _person(rnd: random.Random) -> str:
    return f"{rnd.choice(FAMILY)} {rnd.choice(GIVEN)}"


class Command(BaseCommand):
    help = "Seed a province-sized benchmark data set (bulk, bypassing the lifecycle entry point)."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=100_000)
        parser.add_argument("--communes", type=int, default=124, help="communes and wards (default 124)")
        parser.add_argument("--agencies", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="add to a database that already has initiatives")

    def handle(self, *args, **opts):
        n = opts["initiatives"]
        if n < 1:
            raise CommandError("--initiatives must be at least 1.")
        existing = Initiative.objects.count()
        if existing and not opts["force"]:
            raise CommandError(
                f"This database already holds {existing} initiatives; seed_bench only fills an empty one "
                "(use --force to add to it anyway)."
            )
        self.rnd = random.Random(opts["seed"] + existing)
        self.started = time.monotonic()
        self.use_copy = connection.vendor == "postgresql"
        self.now = timezone.now()

        with transaction.atomic():
            world = self.load_world() or self.build_world(opts["communes"], opts["agencies"])
        self.say(
            f"world: {len(world.units)} units, {len(world.communes)} communes/wards, "
            f"{len(world.commune_committee) + 1} committees, {len(world.campaigns)} campaigns"
        )
        self.world = world
        with transaction.atomic():
            dropped = self.prepare_bulk()
            loader = self.seed_initiatives(world, n, long_history=existing == 0)
            self.finish_bulk(dropped, loader)
        if self.use_copy:
            # VACUUM sets the visibility map (index-only scans, fast counts); it cannot run inside
            # a transaction (a test's), where ANALYZE alone keeps the planner's statistics right.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            # The tree, users and committees were bulk-inserted too: without statistics the planner
            # guesses one row for `path LIKE …` and picks nested loops over the whole table.
            world_models = [
                Unit,
                UnitMembership,
                SteeringCommittee,
                CommitteeMembership,
                Campaign,
                CriteriaSet,
                Criterion,
            ]
            with connection.cursor() as cursor:
                for model in loader.fields:
                    cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")
                for model in [*world_models, get_user_model()]:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            self.say(f"{verb.lower()} done")
        counts = ", ".join(f"{m.__name__}={c}" for m, c in loader.counts.items())
        self.say(f"done: {counts}")

    def say(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:7.1f}s] {message}")
        self.stdout.flush()

    # ----- world ------------------------------------------------------------------------------
    def build_world(self, n_communes: int, n_agencies: int) -> World:
        rnd = self.rnd
        user_model = get_user_model()
        password = make_password(PASSWORD)
        next_unit = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        units: list[Unit] = []

        def unit(name: str, kind: str, parent: Unit | None, code: str) -> Unit:
            nonlocal next_unit
            pk, next_unit = next_unit, next_unit + 1
            path = f"{parent.path if parent else ''}{pk:0{PATH_STEP}d}/"
            u = Unit(
                pk=pk,
                name=nfc(name),
                kind=kind,
                parent=parent,
                code=code,
                path=path,
                depth=path.count("/") - 1,
                search_text=fold(name),
            )
            units.append(u)
            return u

        province = unit("Tỉnh Vĩnh Long", UnitKind.PROVINCE, None, PROVINCE_CODE)
        names = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
        rnd.shuffle(names)
        communes: list[tuple[Unit, list[Unit]]] = []
        for i in range(n_communes):
            is_ward = i % 5 == 4
            commune = unit(
                f"{'Phường' if is_ward else 'Xã'} {names[i % len(names)]}{'' if i < len(names) else f' {i}'}",
                UnitKind.WARD if is_ward else UnitKind.COMMUNE,
                province,
                f"C{i + 1:03d}",
            )
            hamlets = []
            for j in range(rnd.randint(3, 8)):
                label = (
                    f"Khóm {j + 1}" if is_ward else f"Ấp {names[(i * 7 + j) % len(names)].split()[1]} {'ABCDEFGH'[j]}"
                )
                hamlets.append(
                    unit(
                        label,
                        UnitKind.URBAN_HAMLET if is_ward else UnitKind.HAMLET,
                        commune,
                        f"C{i + 1:03d}H{j + 1}",
                    )
                )
            communes.append((commune, hamlets))
        agencies = [
            unit(AGENCIES[k % len(AGENCIES)], UnitKind.AGENCY, province, f"A{k + 1:02d}") for k in range(n_agencies)
        ]
        organisations = [unit(name, kind, province, f"O{k + 1}") for k, (name, kind) in enumerate(ORGANISATIONS)]
        Unit.objects.bulk_create(units)

        # Users: one or two unit staff per unit, committee members, an administrator.
        users: list = []
        memberships: list[tuple[str, Unit]] = []

        def user(username: str, **extra) -> str:
            family, given = rnd.choice(FAMILY), rnd.choice(GIVEN)
            users.append(user_model(username=username, password=password, first_name=given, last_name=family, **extra))
            return username

        user("bench_admin", is_superuser=True, is_staff=True)
        for k, (commune, hamlets) in enumerate(communes, start=1):
            memberships.append((user(f"bench_s_c{k:03d}"), commune))
            memberships.append((user(f"bench_s_c{k:03d}_b"), commune))
            for j, hamlet in enumerate(hamlets, start=1):
                memberships.append((user(f"bench_s_c{k:03d}_h{j}"), hamlet))
        for k, agency in enumerate(agencies, start=1):
            memberships.append((user(f"bench_s_a{k:02d}"), agency))
        for k, org in enumerate(organisations, start=1):
            memberships.append((user(f"bench_s_o{k}"), org))
        seats: list[tuple[str, str, Unit]] = []  # username, role, committee's unit
        province_roles = [
            ("bench_chair", Role.CHAIR),
            ("bench_vice_chair", Role.VICE_CHAIR),
            ("bench_secretary", Role.SECRETARY),
            ("bench_secretariat", Role.SECRETARIAT),
        ] + [(f"bench_pmember{k}", Role.MEMBER) for k in range(1, 6)]
        for username, role in province_roles:
            seats.append((user(username, is_staff=role in (Role.CHAIR, Role.SECRETARIAT)), role, province))
        for k, (commune, _hamlets) in enumerate(communes, start=1):
            for suffix, role in (
                ("chair", Role.CHAIR),
                ("secretary", Role.SECRETARY),
                ("member1", Role.MEMBER),
                ("member2", Role.MEMBER),
                ("member3", Role.MEMBER),
            ):
                seats.append((user(f"bench_c{k:03d}_{suffix}"), role, commune))
        user_model.objects.bulk_create(users, batch_size=1000)
        user_ids = dict(user_model.objects.filter(username__startswith="bench_").values_list("username", "pk"))
        UnitMembership.objects.bulk_create(
            [UnitMembership(user_id=user_ids[name], unit=u, title="Cán bộ phụ trách") for name, u in memberships],
            batch_size=1000,
        )

        committees = {province.pk: SteeringCommittee(name="Ban Chỉ đạo “Dân vận khéo” tỉnh Vĩnh Long", unit=province)}
        for commune, _hamlets in communes:
            committees[commune.pk] = SteeringCommittee(name=f"Ban Chỉ đạo “Dân vận khéo” {commune.name}", unit=commune)
        SteeringCommittee.objects.bulk_create(list(committees.values()))
        committee_ids = dict(
            SteeringCommittee.objects.filter(unit__path__startswith=province.path).values_list("unit_id", "pk")
        )
        CommitteeMembership.objects.bulk_create(
            [
                CommitteeMembership(committee_id=committee_ids[u.pk], user_id=user_ids[name], role=role)
                for name, role, u in seats
            ],
            batch_size=1000,
        )

        # Five yearly campaigns of the province committee; all but the running one summarized.
        admin_id = user_ids["bench_chair"]
        province_committee = committee_ids[province.pk]
        for year in YEARS:
            running = year == CURRENT_YEAR
            campaign = Campaign.objects.create(
                committee_id=province_committee,
                name=f"Phong trào thi đua “Dân vận khéo” năm {year}",
                year=year,
                theme="Dân vận khéo xây dựng nông thôn mới, đô thị văn minh",
                starts_on=datetime.date(year, 1, 1),
                ends_on=datetime.date(year, 12, 31),
                registration_opens_on=datetime.date(year, 1, 15),
                registration_closes_on=datetime.date(year, 12, 15) if running else datetime.date(year, 3, 31),
                lessons_learned=""
                if running
                else "Phát huy vai trò chủ thể của nhân dân; tránh đăng ký lại mô hình cũ như mô hình mới.",
            )
            launched_at = self._aware(datetime.datetime(year, 1, 10, 9, 0))
            summarized_at = None if running else self._aware(datetime.datetime(year, 12, 28, 15, 0))
            Campaign.objects.filter(pk=campaign.pk).update(
                state=CampaignState.LAUNCHED if running else CampaignState.SUMMARIZED,
                launched_at=launched_at,
                summarized_at=summarized_at,
            )
            logs = [
                CampaignLog(
                    campaign=campaign, action="launch", from_state="draft", to_state="launched", actor_id=admin_id
                )
            ]
            if not running:
                logs.append(
                    CampaignLog(
                        campaign=campaign,
                        action="summarize",
                        from_state="launched",
                        to_state="summarized",
                        actor_id=admin_id,
                    )
                )
            CampaignLog.objects.bulk_create(logs)
            for kind, label in ((InitiativeKind.MODEL, "mô hình"), (InitiativeKind.EXEMPLAR, "điển hình")):
                criteria_set = CriteriaSet.objects.create(
                    campaign=campaign, kind=kind, name=f"Tiêu chí công nhận {label} năm {year}", threshold=Decimal(70)
                )
                Criterion.objects.bulk_create(
                    [
                        Criterion(criteria_set=criteria_set, name=name, max_points=20, order=i)
                        for i, name in enumerate(
                            [
                                "Có nội dung, cách làm sáng tạo, phù hợp thực tế",
                                "Huy động được sức dân, nhân dân đồng tình tham gia",
                                "Hiệu quả kinh tế – xã hội rõ rệt, đo lường được",
                                "Có khả năng duy trì bền vững",
                                "Có khả năng nhân rộng",
                            ],
                            start=1,
                        )
                    ]
                )
        if self.use_copy:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Unit]):
                    cursor.execute(sql)
        self.say(f"built the tree: {len(units)} units, {len(users)} users")
        return self.load_world()

    def load_world(self) -> World | None:
        province = Unit.objects.filter(code=PROVINCE_CODE).first()
        if province is None:
            return None
        w = World()
        w.province = province
        rows = Unit.objects.filter(path__startswith=province.path).values_list(
            "pk", "path", "name", "kind", "parent_id"
        )
        for pk, path, name, kind, parent_id in rows:
            commune = None
            if kind in (UnitKind.COMMUNE, UnitKind.WARD):
                commune = pk
                w.communes.append(pk)
            w.units[pk] = {"path": path, "name": name, "kind": kind, "parent": parent_id, "commune": commune}
        for info in w.units.values():
            if info["kind"] in (UnitKind.HAMLET, UnitKind.URBAN_HAMLET):
                info["commune"] = info["parent"]
        for user_id, unit_id in UnitMembership.objects.filter(unit__path__startswith=province.path).values_list(
            "user_id", "unit_id"
        ):
            w.staff[unit_id].append(user_id)
        for committee_id, unit_id in SteeringCommittee.objects.filter(unit__path__startswith=province.path).values_list(
            "pk", "unit_id"
        ):
            w.committee_unit[committee_id] = unit_id
            if unit_id == province.pk:
                w.province_committee = committee_id
            else:
                w.commune_committee[unit_id] = committee_id
        for committee_id, user_id, role, last, first in CommitteeMembership.objects.filter(
            committee_id__in=list(w.committee_unit)
        ).values_list("committee_id", "user_id", "role", "user__last_name", "user__first_name"):
            w.members[committee_id].append(user_id)
            if role == Role.CHAIR:
                w.leader[committee_id] = (user_id, f"{last} {first}")
        for campaign in Campaign.objects.filter(committee_id=w.province_committee):
            w.campaigns[campaign.year] = campaign
        for cs_campaign, kind, criterion_id, max_points in Criterion.objects.filter(
            criteria_set__campaign__committee_id=w.province_committee
        ).values_list("criteria_set__campaign_id", "criteria_set__kind", "pk", "max_points"):
            w.criteria.setdefault((cs_campaign, kind), []).append((criterion_id, max_points))
        if not w.province_committee or len(w.campaigns) != len(YEARS):
            raise CommandError("The benchmark province exists but is incomplete; use a fresh database.")
        return w

    def _aware(self, naive: datetime.datetime) -> datetime.datetime:
        return timezone.make_aware(naive, timezone.get_default_timezone())

    # ----- bulk loading -----------------------------------------------------------------------
    BULK_MODELS = (
        Initiative,
        Initiative.supporting_cadres.through,
        TransitionLog,
        Inspection,
        Inspection.inspectors.through,
        ScoreSheet,
        ScoreItem,
        RecognitionDecision,
        Commendation,
        Attachment,
    )

    def prepare_bulk(self) -> list[tuple[str, str]]:
        """On PostgreSQL: skip FK triggers, give index builds memory, and drop secondary indexes."""
        if not self.use_copy:
            return []
        dropped: list[tuple[str, str]] = []
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # not a superuser: foreign keys are checked row by row, slower but fine
                self.say("note: cannot skip foreign-key triggers (not a superuser)")
            for model in self.BULK_MODELS:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    dropped.append((name, definition))
                    cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        self.say(f"dropped {len(dropped)} secondary indexes for the load")
        return dropped

    def finish_bulk(self, dropped: list[tuple[str, str]], loader: Loader) -> None:
        if not self.use_copy:
            return
        with connection.cursor() as cursor:
            for name, definition in dropped:
                started = time.monotonic()
                cursor.execute(definition)
                self.say(f"rebuilt index {name} ({time.monotonic() - started:.1f}s)")
            for sql in connection.ops.sequence_reset_sql(no_style(), list(loader.fields)):
                cursor.execute(sql)

    # ----- initiatives ------------------------------------------------------------------------
    def seed_initiatives(self, w: World, n: int, long_history: bool) -> Loader:
        rnd = self.rnd
        loader = Loader(self.use_copy)
        self.loader = loader
        loader.register(
            Initiative,
            (
                "campaign_id",
                "unit_id",
                "field_id",
                "kind",
                "subject",
                "origin",
                "continues_id",
                "replicates_id",
                "name",
                "situation",
                "purpose",
                "goals",
                "solutions",
                "area",
                "address",
                "implementing_forces",
                "target_group",
                "resources",
                "starts_on",
                "ends_on",
                "expected_outputs",
                "sustainability",
                "advantages",
                "difficulties",
                "contact",
                "state",
                "plan_note",
                "confirmed_criteria",
                "results_report",
                "decision_id",
                "outstanding",
                "pending_case",
                "version",
                "search_text",
                "created_by_id",
                "created_at",
                "updated_at",
                "submitted_at",
                "last_inspected_on",
            ),
        )
        loader.register(Initiative.supporting_cadres.through, ("initiative_id", "user_id"))
        loader.register(
            TransitionLog, ("initiative_id", "action", "from_state", "to_state", "actor_id", "comment", "created_at")
        )
        loader.register(
            Inspection,
            (
                "initiative_id",
                "inspected_on",
                "completion",
                "effectiveness",
                "findings",
                "recommendations",
                "created_by_id",
                "created_at",
            ),
        )
        loader.register(Inspection.inspectors.through, ("inspection_id", "user_id"))
        loader.register(ScoreSheet, ("initiative_id", "member_id", "total", "submitted_at", "created_at"))
        loader.register(ScoreItem, ("sheet_id", "criterion_id", "points", "comment"))
        loader.register(
            RecognitionDecision,
            ("committee_id", "number", "decided_on", "signer", "level", "note", "created_by_id", "created_at"),
        )
        loader.register(
            Commendation,
            (
                "initiative_id",
                "kind",
                "level",
                "authority",
                "decision_number",
                "decided_on",
                "recipient",
                "created_by_id",
                "created_at",
            ),
        )
        loader.register(
            Attachment,
            (
                "initiative_id",
                "inspection_id",
                "purpose",
                "file",
                "original_name",
                "content_type",
                "size",
                "uploaded_by_id",
                "uploaded_at",
            ),
        )

        self.fields = list(Field.objects.filter(active=True).values_list("pk", "code"))
        # Where initiatives come from: hamlets most, then communes, agencies, the Front and mass organisations.
        unit_ids, weights = [], []
        for pk, info in w.units.items():
            weight = {
                UnitKind.HAMLET: 5,
                UnitKind.URBAN_HAMLET: 5,
                UnitKind.COMMUNE: 12,
                UnitKind.WARD: 12,
                UnitKind.AGENCY: 15,
                UnitKind.FRONT: 40,
            }.get(info["kind"], 0)
            if weight and w.staff.get(pk):
                unit_ids.append(pk)
                weights.append(weight)
        self.unit_ids, self.unit_cum = unit_ids, list(_accumulate(weights))
        self.decisions: dict[tuple[int, int], list] = {}  # (committee, year) → [id, count, decided_on]
        self.decision_seq: dict[tuple[int, int], int] = defaultdict(int)
        for committee_id, number in RecognitionDecision.objects.values_list("committee_id", "number"):
            seq, _sep, year = number.partition("/QĐ-BCĐ/")  # numbers go on after an earlier run (--force)
            if seq.isdigit() and year.isdigit():
                key = (committee_id, int(year))
                self.decision_seq[key] = max(self.decision_seq[key], int(seq))
        self.pending_decisions: list[tuple] = []
        self.earlier: dict[int, list[int]] = defaultdict(list)  # unit → ids from earlier years
        self.recognized_pool: list[int] = []

        counts = _split(n, YEAR_WEIGHTS)
        done = 0
        step = max(1, n // 20)
        for year, count in zip(YEARS, counts, strict=True):
            campaign = w.campaigns[year]
            table = RUNNING_STATES if year == CURRENT_YEAR else SUMMARIZED_STATES
            states = list(table)
            cum = list(_accumulate(table.values()))
            this_year: dict[int, list[int]] = defaultdict(list)
            for i in range(count):
                state = rnd.choices(states, cum_weights=cum)[0]
                unit_id = rnd.choices(unit_ids, cum_weights=self.unit_cum)[0]
                if long_history and year == CURRENT_YEAR and i == 0:
                    pk = self.add_long_history(w, campaign)
                    this_year[self._first_hamlet(w)].append(pk)
                    done += 1
                    continue
                pk = self.add_initiative(w, campaign, year, unit_id, state)
                this_year[unit_id].append(pk)
                done += 1
                if done % step == 0:
                    elapsed = time.monotonic() - self.started
                    self.say(f"{done:>9}/{n} initiatives ({done / elapsed:,.0f}/s overall)")
            for unit_id, ids in this_year.items():
                kept = self.earlier[unit_id]
                kept.extend(ids[-8:])
                del kept[:-16]
        self.write_decisions(w)
        loader.flush_all()
        self.say(f"loaded {done} initiatives")
        return loader

    def _first_hamlet(self, w: World) -> int:
        first_commune = w.communes[0]
        return min(pk for pk, info in w.units.items() if info["parent"] == first_commune)

    def _committee_for(self, w: World, unit_id: int, rnd: random.Random) -> int:
        commune = w.units[unit_id]["commune"]
        if commune and rnd.random() < 0.8:
            return w.commune_committee[commune]
        return w.province_committee

    def _decision(self, w: World, committee_id: int, year: int) -> tuple[int, datetime.date]:
        """Return an open decision of this committee and year (one decision recognizes up to 60)."""
        key = (committee_id, year)
        current = self.decisions.get(key)
        if current is None or current[1] >= 60:
            self.decision_seq[key] += 1
            seq = self.decision_seq[key]
            day = datetime.date(year, 11, 10) if year == CURRENT_YEAR else datetime.date(year, 12, 10)
            day += datetime.timedelta(days=(seq - 1) % 8)
            current = [self.loader.next_ids[RecognitionDecision], 0, day, seq]
            self.loader.next_ids[RecognitionDecision] += 1
            self.decisions[key] = current
            self.pending_decisions.append((current[0], committee_id, year, seq, day))
        current[1] += 1
        return current[0], current[2]

    def write_decisions(self, w: World) -> None:
        loader = self.loader
        for pk, committee_id, year, seq, day in self.pending_decisions:
            unit_id = w.committee_unit[committee_id]
            level = Level.PROVINCE if unit_id == w.province.pk else Level.COMMUNE
            chair_id, chair_name = w.leader[committee_id]
            row = (
                committee_id,
                f"{seq:03d}/QĐ-BCĐ/{year}",
                day,
                chair_name,
                level,
                "",
                chair_id,
                self._aware(datetime.datetime.combine(day, datetime.time(8, 30))),
            )
            # The id was reserved when the first initiative was recognized under this decision.
            rows = loader.rows[RecognitionDecision]
            if loader.use_copy:
                rows.append("\t".join([str(pk), *map(_cell, row)]))
            else:
                rows.append((pk, *row))
        loader.flush(RecognitionDecision)

    def _text(self, rnd: random.Random, pool: list[str], k: int) -> list[str]:
        return rnd.sample(pool, k) if k <= len(pool) else [rnd.choice(pool) for _ in range(k)]

    def add_initiative(
        self,
        w: World,
        campaign: Campaign,
        year: int,
        unit_id: int,
        state: str,
        path: tuple[str, ...] | None = None,
        extra_inspections: int = 0,
    ) -> int:
        rnd, loader = self.rnd, self.loader
        unit = w.units[unit_id]
        field_id, field_code = rnd.choice(self.fields)
        kind = InitiativeKind.EXEMPLAR if rnd.random() < 0.25 else InitiativeKind.MODEL
        subject = Subject.INDIVIDUAL if (kind == InitiativeKind.EXEMPLAR and rnd.random() < 0.6) else Subject.COLLECTIVE
        origin, continues, replicates = Origin.NEW, None, None
        earlier = self.earlier.get(unit_id)
        roll = rnd.random()
        if earlier and roll < 0.3:
            origin, continues = Origin.MAINTAINED, rnd.choice(earlier)
        elif self.recognized_pool and roll < 0.4:
            origin, replicates = Origin.REPLICATED, rnd.choice(self.recognized_pool)

        title = rnd.choice(TITLES[field_code])
        place = unit["name"]
        if subject == Subject.INDIVIDUAL:
            name = f"Điển hình “{_person(rnd)} – {title.lower()}” ({place})"
        else:
            name = f"{'Mô hình' if kind == InitiativeKind.MODEL else 'Điển hình'} “{title}” ở {place}"
        commune_name = w.units[unit["commune"]]["name"] if unit["commune"] else "tỉnh Vĩnh Long"
        area = place if place == commune_name else f"{place}, {commune_name}"
        situation = self._text(rnd, SITUATION, 2)
        purpose = self._text(rnd, PURPOSE, 1)
        goals = self._text(rnd, GOALS, 2)
        solutions = self._text(rnd, SOLUTIONS, 3)
        target = self._text(rnd, TARGET_GROUP, 1)
        incomplete = state == State.DRAFT and rnd.random() < 0.4
        pieces = [name, *situation, *purpose, *goals, *solutions, *target, area]
        search_text = " ".join(_fold(p) if p is not name else fold(p) for p in pieces)
        if len(" ".join(pieces)) - len(name) - 1 > SEARCH_CONTENT_CHARS:  # keep normalize()'s truncation exact
            content = " ".join(
                [" ".join(situation), " ".join(purpose), " ".join(goals), " ".join(solutions), " ".join(target), area]
            )
            search_text = fold(f"{name} {content[:SEARCH_CONTENT_CHARS]}")

        starts = datetime.date(year, rnd.randint(2, 5), rnd.randint(1, 28))
        ends = min(starts + datetime.timedelta(days=rnd.randint(95, 215)), datetime.date(year, 12, 31))

        # Times: created in the registration window, then each move later, all in the past.
        final_day = None
        decision_id = None
        if path is None:
            path = rnd.choices(PATHS[state], cum_weights=_path_weights(len(PATHS[state])))[0]
        if state == State.RECOGNIZED:
            committee_id = self._committee_for(w, unit_id, rnd)
            decision_id, final_day = self._decision(w, committee_id, year)
        else:
            committee_id = self._committee_for(w, unit_id, rnd)
        if year == CURRENT_YEAR:
            late = datetime.date(year, 6, 30) if path and len(path) > 2 else datetime.date(year, 11, 15)
            created_day = _random_day(rnd, datetime.date(year, 1, 15), late)
            end_day = final_day or (self.now.date() - datetime.timedelta(days=1))
        else:
            created_day = _random_day(rnd, datetime.date(year, 1, 15), datetime.date(year, 3, 25))
            end_day = final_day or datetime.date(year, 12, 20)
        created_at = self._aware(
            datetime.datetime.combine(created_day, datetime.time(rnd.randint(7, 16), rnd.randint(0, 59)))
        )
        end_at = self._aware(datetime.datetime.combine(end_day, datetime.time(9, 0)))
        span = (end_at - created_at).total_seconds()
        times = sorted(created_at + datetime.timedelta(seconds=rnd.uniform(0.02, 0.97) * span) for _ in path)
        if final_day is not None and times:
            times[-1] = end_at

        staff = w.staff[unit_id]
        members = w.members[committee_id]
        leader_id = w.leader[committee_id][0]
        pk = loader.next_ids[Initiative]
        loader.next_ids[Initiative] += 1

        current = State.DRAFT
        submitted_at = None
        approved_at = None
        requested_at = None
        for action, at in zip(path, times, strict=True):
            target_state = TRANSITIONS[action].target
            if action in STAFF_ACTIONS:
                actor = rnd.choice(staff)
            elif action == "recognize":
                actor = leader_id
            else:
                actor = rnd.choice(members)
            if action == "approve":
                comment = rnd.choice(PLAN_NOTES)
                approved_at = at
            else:
                comment = rnd.choice(COMMENTS[action]) if action in COMMENTS else ""
            if action == "submit":
                submitted_at = at
            if action == "request_recognition":
                requested_at = at
            loader.add(TransitionLog, pk, action, current, target_state, actor, comment, at)
            current = target_state
        assert current == state, (state, path)

        # Inspections while approved: every request for recognition has one; most approved ones too.
        last_inspected = None
        if approved_at is not None and state != State.WITHDRAWN:
            n_inspections = extra_inspections or (
                rnd.choice((1, 1, 2)) if state in REQUESTED_STATES else (1 if rnd.random() < 0.65 else 0)
            )
            stop = requested_at or end_at
            for _k in range(n_inspections):
                day = (approved_at + (stop - approved_at) * rnd.uniform(0.1, 0.9)).date()
                inspection = loader.add(
                    Inspection,
                    pk,
                    day,
                    rnd.randint(40, 100),
                    rnd.choice(Effectiveness.values),
                    rnd.choice(FINDINGS),
                    "",
                    rnd.choice(members),
                    self._aware(datetime.datetime.combine(day, datetime.time(16, 0))),
                )
                loader.add(Inspection.inspectors.through, inspection, rnd.choice(members))
                last_inspected = day if last_inspected is None or day > last_inspected else last_inspected
            if rnd.random() < 0.3:
                loader.add(Initiative.supporting_cadres.through, pk, rnd.choice(members))

        # Score sheets: three for a decided request, a few (some not yet submitted) for an open one.
        if state in (State.RECOGNIZED, State.NOT_RECOGNIZED) or (
            state == State.RECOGNITION_REQUESTED and rnd.random() < 0.5
        ):
            criteria = w.criteria[(campaign.pk, kind)]
            n_sheets = 3 if state != State.RECOGNITION_REQUESTED else rnd.randint(1, 2)
            low, high = (14, 20) if state != State.NOT_RECOGNIZED else (7, 15)
            for member in rnd.sample(members, min(n_sheets, len(members))):
                points = [rnd.randint(low, min(high, maximum)) for _c, maximum in criteria]
                sheet_at = (requested_at or end_at) + datetime.timedelta(days=rnd.randint(1, 5))
                if sheet_at >= self.now:
                    sheet_at = self.now - datetime.timedelta(hours=1)
                submitted = None if (state == State.RECOGNITION_REQUESTED and rnd.random() < 0.3) else sheet_at
                sheet = loader.add(ScoreSheet, pk, member, Decimal(sum(points)), submitted, sheet_at)
                for (criterion_id, _m), value in zip(criteria, points, strict=True):
                    loader.add(ScoreItem, sheet, criterion_id, Decimal(value), "")

        if state in REQUESTED_STATES:
            uploaded = requested_at or end_at
            for original, content_type, size in (
                ("bao-cao-ket-qua.pdf", "application/pdf", rnd.randint(80_000, 900_000)),
                ("hinh-anh-cong-trinh.jpg", "image/jpeg", rnd.randint(200_000, 2_500_000)),
            ):
                loader.add(
                    Attachment,
                    pk,
                    None,
                    AttachmentPurpose.EVIDENCE,
                    f"evidence/{pk}/{original}",
                    original,
                    content_type,
                    size,
                    rnd.choice(staff),
                    uploaded,
                )

        if state == State.RECOGNIZED:
            if rnd.random() < 0.08:
                day = min(final_day + datetime.timedelta(days=12), self.now.date() - datetime.timedelta(days=1))
                award = (
                    CommendationKind.HIGHER_CERTIFICATE_OF_MERIT
                    if rnd.random() < 0.3
                    else CommendationKind.CERTIFICATE_OF_MERIT
                )
                # The level follows from the award and the id, not from another draw: the random
                # stream, and so every row after this one, stays what it was before levels.
                level, authority = _commendation_authority(award, pk, day)
                loader.add(
                    Commendation,
                    pk,
                    award,
                    level,
                    authority,
                    f"{rnd.randint(100, 3999)}/QĐ-UBND",
                    day,
                    place,
                    leader_id,
                    self._aware(datetime.datetime.combine(day, datetime.time(10, 0))),
                )
            if len(self.recognized_pool) < 5000:
                self.recognized_pool.append(pk)
            elif rnd.random() < 0.01:
                self.recognized_pool[rnd.randrange(5000)] = pk

        reached_approval = approved_at is not None
        reached_request = requested_at is not None
        updated_at = times[-1] if times else created_at
        row = (
            campaign.pk,
            unit_id,
            field_id,
            kind,
            subject,
            origin,
            continues,
            replicates,
            name,
            " ".join(situation),
            " ".join(purpose),
            " ".join(goals),
            " ".join(solutions),
            area,
            "" if incomplete else f"Số {rnd.randint(1, 300)}, {area}",
            rnd.choice(FORCES),
            " ".join(target),
            rnd.choice(RESOURCES),
            None if incomplete else starts,
            None if incomplete else ends,
            "" if incomplete else rnd.choice(OUTPUTS),
            "" if incomplete else rnd.choice(SUSTAINABILITY),
            rnd.choice(ADVANTAGES),
            rnd.choice(DIFFICULTIES),
            "" if incomplete else f"{_person(rnd)}, 0{rnd.randint(900_000_000, 999_999_999)}",
            state,
            rnd.choice(PLAN_NOTES) if reached_approval else "",
            "Theo bộ tiêu chí của đợt phát động." if reached_approval else "",
            rnd.choice(RESULTS) if reached_request else "",
            decision_id,
            state == State.RECOGNIZED and rnd.random() < 0.1,
            state == State.RECOGNIZED and rnd.random() < 0.01,
            1 + len(path),
            search_text,
            rnd.choice(staff),
            created_at,
            updated_at,
            submitted_at,
            last_inspected,
        )
        rows = loader.rows[Initiative]
        if loader.use_copy:
            rows.append("\t".join([str(pk), *map(_cell, row)]))
        else:
            rows.append((pk, *row))
        if len(rows) >= loader.flush_rows:
            # Parents first: children reference them (checked on SQLite, where triggers run).
            loader.flush(Initiative)
            for model in loader.rows:
                if model is not Initiative:
                    loader.flush(model)
        return pk

    def add_long_history(self, w: World, campaign: Campaign) -> int:
        """One initiative with a long history (returned ten times, evidence asked for eight times)."""
        path = (
            ("submit",)
            + ("return_for_revision", "submit") * 10
            + ("approve",)
            + ("request_recognition", "request_more_evidence") * 8
            + ("request_recognition",)
        )
        # Its predecessors must exist before it refers to them: it has none (origin new is likely, not forced).
        saved = self.earlier, self.recognized_pool
        self.earlier, self.recognized_pool = defaultdict(list), []
        try:
            return self.add_initiative(
                w,
                campaign,
                CURRENT_YEAR,
                self._first_hamlet(w),
                State.RECOGNITION_REQUESTED,
                path=path,
                extra_inspections=6,
            )
        finally:
            self.earlier, self.recognized_pool = saved


def _accumulate(values):
    total = 0
    for v in values:
        total += v
        yield total


def _path_weights(n: int) -> list[int]:
    """The first path is the common one (80%); the others share the rest."""
    if n == 1:
        return [1]
    rest = 20 / (n - 1)
    return list(_accumulate([80] + [rest] * (n - 1)))


def _split(n: int, weights) -> list[int]:
    total = sum(weights)
    counts = [n * w // total for w in weights]
    counts[-1] += n - sum(counts)
    return counts


def _random_day(rnd: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rnd.randint(0, (end - start).days))
