"""What the demo initiatives say: content pools per field, exemplars, and the committee's comments.

Plain text, in Vietnamese as users write it; `content.py` composes registrations from it.
"""

from __future__ import annotations

# ----- what initiatives are about -------------------------------------------------------------
# (name, situation, goals, solutions, target group, implementing forces, expected outputs)
MODELS: dict[str, list[tuple[str, ...]]] = {
    "economic": [
        (
            "Tổ phụ nữ tiết kiệm",
            "Nhiều chị em hộ nghèo, cận nghèo thiếu vốn làm ăn, phải vay nóng với lãi cao.",
            "{n} hội viên tham gia; {k} hộ có vốn chăn nuôi, buôn bán nhỏ; không còn hội viên vay nóng.",
            "Họp tổ hằng tháng, mỗi chị góp 50.000 đồng; xét cho vay xoay vòng không lãi; lồng ghép tập huấn cách làm ăn, ghi chép thu chi gia đình.",
            "Hội viên phụ nữ hộ nghèo, cận nghèo, phụ nữ đơn thân",
            "Chi hội Phụ nữ chủ trì; Ban nhân dân ấp, Ngân hàng Chính sách xã hội phối hợp",
            "Sổ theo dõi góp vốn; {k} hộ được vay xoay vòng; biên bản sinh hoạt tổ hằng tháng",
        ),
        (
            "Tổ hợp tác trồng bưởi năm roi theo tiêu chuẩn VietGAP",
            "Nông dân trồng bưởi nhỏ lẻ, mỗi nhà một cách, giá bán phụ thuộc thương lái.",
            "{n} hộ với khoảng {k} ha đạt chứng nhận VietGAP; giá bán cao hơn 10–15%.",
            "Vận động hộ liền canh vào tổ hợp tác; tập huấn quy trình VietGAP; ghi nhật ký canh tác; ký hợp đồng bao tiêu với hợp tác xã.",
            "Hộ trồng bưởi trên địa bàn",
            "Chi hội Nông dân chủ trì; cán bộ khuyến nông, hợp tác xã phối hợp",
            "Giấy chứng nhận VietGAP; hợp đồng bao tiêu; nhật ký canh tác của {n} hộ",
        ),
        (
            "Ngân hàng bò giúp hộ nghèo thoát nghèo",
            "Một số hộ nghèo có lao động nhưng không có vốn, không có tư liệu sản xuất.",
            "Trao {k} con bò giống sinh sản; sau 2 năm mỗi hộ hoàn lại một con bê để trao tiếp.",
            "Vận động mạnh thường quân góp bò giống; chọn hộ công khai tại cuộc họp dân; cán bộ thú y hướng dẫn chăm sóc; luân chuyển bê con.",
            "Hộ nghèo có lao động, có nơi chăn nuôi",
            "Hội Cựu chiến binh chủ trì; Hội Nông dân, cán bộ thú y phối hợp",
            "{k} con bò được trao; danh sách hộ nhận luân chuyển; {k} hộ thoát nghèo",
        ),
        (
            "Tổ liên kết sản xuất dừa hữu cơ",
            "Giá dừa khô biến động mạnh; nhiều vườn dừa già, bón phân hóa học tràn lan.",
            "{n} hộ chuyển sang canh tác hữu cơ trên {k} ha; bán dừa theo hợp đồng cho doanh nghiệp chế biến.",
            "Tập huấn canh tác hữu cơ; làm phân bón từ vỏ dừa; liên kết với doanh nghiệp bao tiêu; giám sát chéo giữa các hộ.",
            "Hộ trồng dừa",
            "Chi hội Nông dân chủ trì; doanh nghiệp chế biến dừa, cán bộ nông nghiệp xã phối hợp",
            "Hợp đồng liên kết; {k} ha dừa hữu cơ; sổ nhật ký canh tác",
        ),
        (
            "Vườn cây ăn trái kết hợp du lịch sinh thái cù lao",
            "Nhà vườn có cây trái ngon nhưng chỉ bán trái, thu nhập thấp, thanh niên bỏ đi làm xa.",
            "{n} nhà vườn đón khách; doanh thu du lịch tăng {k}%; 20 lao động địa phương có việc làm.",
            "Chỉnh trang vườn, lối đi, nhà vệ sinh; tập huấn kỹ năng đón khách; quảng bá trên mạng xã hội; liên kết với công ty lữ hành.",
            "Nhà vườn, thanh niên địa phương",
            "Ban nhân dân ấp chủ trì; Đoàn Thanh niên, Hội Nông dân phối hợp",
            "{n} điểm vườn đón khách; tài liệu giới thiệu; sổ theo dõi lượt khách",
        ),
        (
            "Hỗ trợ hội viên bán nông sản qua mạng",
            "Nông sản vào mùa rớt giá; nhiều hội viên chưa biết bán hàng trên mạng.",
            "{n} hội viên mở gian hàng trực tuyến; bán được {k} tấn nông sản.",
            "Đoàn viên thanh niên kèm cặp từng hộ; chụp ảnh, viết giới thiệu sản phẩm; hướng dẫn thanh toán không dùng tiền mặt, giao hàng.",
            "Hội viên nông dân, phụ nữ có nông sản",
            "Đoàn Thanh niên chủ trì; Hội Nông dân, bưu điện xã phối hợp",
            "{n} gian hàng trực tuyến; sổ ghi sản lượng bán qua mạng",
        ),
        (
            "Nuôi tôm càng xanh xen canh trong ruộng lúa",
            "Ruộng lúa một vụ kém hiệu quả do hạn mặn; nông dân muốn chuyển đổi nhưng ngại rủi ro.",
            "{n} hộ áp dụng mô hình lúa – tôm trên {k} ha; lợi nhuận tăng 1,5 lần.",
            "Tập huấn kỹ thuật; hỗ trợ con giống; tổ chức tham quan mô hình hiệu quả; cán bộ kỹ thuật theo dõi định kỳ.",
            "Hộ trồng lúa vùng hạn mặn",
            "Hội Nông dân chủ trì; Trạm khuyến nông, hợp tác xã phối hợp",
            "{k} ha lúa – tôm; sổ theo dõi năng suất; hội thảo đầu bờ",
        ),
    ],
    "culture_society": [
        (
            "Dòng họ khuyến học",
            "Một số em học sinh hộ khó khăn có nguy cơ bỏ học; phong trào khuyến học chưa đều.",
            "{n} dòng họ đạt danh hiệu dòng họ học tập; không có học sinh bỏ học; trao {k} suất học bổng.",
            "Mỗi dòng họ lập quỹ khuyến học; họp mặt đầu năm học biểu dương con cháu học giỏi; trưởng họ theo dõi từng em có nguy cơ bỏ học.",
            "Các dòng họ, gia đình có học sinh",
            "Chi hội Khuyến học chủ trì; trưởng các dòng họ, nhà trường phối hợp",
            "Quỹ khuyến học của {n} dòng họ; {k} suất học bổng; danh sách học sinh được hỗ trợ",
        ),
        (
            "Đường hoa nông thôn mới",
            "Tuyến đường liên ấp nhiều đoạn cỏ dại, rác thải, chưa đạt tiêu chí cảnh quan nông thôn mới.",
            "Trồng hoa, cây kiểng {k} km đường; {n} hộ nhận chăm sóc đoạn đường trước nhà.",
            "Họp dân thống nhất; mỗi hộ nhận một đoạn; ra quân ngày chủ nhật xanh; chấm điểm đoạn đường đẹp hằng quý.",
            "Hộ dân hai bên tuyến đường",
            "Ban nhân dân ấp chủ trì; Hội Phụ nữ, Đoàn Thanh niên phối hợp",
            "{k} km đường hoa; bảng phân công hộ chăm sóc; ảnh trước và sau",
        ),
        (
            "Phân loại rác thải tại nguồn",
            "Rác thải sinh hoạt đổ ra kênh rạch, đốt ngoài trời, gây ô nhiễm.",
            "{n} hộ phân loại rác; giảm {k}% lượng rác phải chôn lấp; không còn điểm rác tự phát.",
            "Phát thùng phân loại; hướng dẫn ủ rác hữu cơ làm phân; thu gom phế liệu gây quỹ; tổ tự quản kiểm tra hằng tuần.",
            "Hộ gia đình, quán ăn, chợ",
            "Chi hội Phụ nữ chủ trì; tổ thu gom rác, Đoàn Thanh niên phối hợp",
            "{n} hộ phân loại rác; sổ theo dõi quỹ phế liệu; bản đồ điểm rác đã xóa",
        ),
        (
            "Tủ sách nhân ái tại nhà văn hóa",
            "Thiếu nhi ít có sách đọc ngoài giờ học; nhiều em dùng điện thoại quá nhiều.",
            "Tủ sách có {k} đầu sách; {n} lượt em đọc mỗi tháng.",
            "Vận động quyên góp sách; mở tủ sách chiều thứ bảy, chủ nhật; tổ chức thi kể chuyện theo sách.",
            "Thiếu nhi, học sinh trên địa bàn",
            "Chi đoàn Thanh niên chủ trì; nhà trường, phụ huynh phối hợp",
            "Tủ sách {k} đầu sách; sổ mượn sách; 4 buổi kể chuyện",
        ),
        (
            "Bếp ăn yêu thương cho bệnh nhân nghèo",
            "Bệnh nhân nghèo điều trị dài ngày phải chắt bóp tiền ăn.",
            "Phát {k} suất cơm miễn phí mỗi tuần; duy trì suốt năm.",
            "Vận động nhà hảo tâm góp gạo, rau; tình nguyện viên nấu và phát cơm; công khai thu chi hằng tháng.",
            "Bệnh nhân nghèo và người nhà",
            "Hội Chữ thập đỏ chủ trì; Hội Phụ nữ, các chùa, nhà thờ phối hợp",
            "{k} suất cơm mỗi tuần; sổ công khai thu chi",
        ),
        (
            "Câu lạc bộ gia đình hạnh phúc, phòng chống bạo lực gia đình",
            "Còn vài vụ bạo lực gia đình, tảo hôn; nhiều cặp vợ chồng trẻ thiếu kỹ năng.",
            "{n} cặp vợ chồng sinh hoạt; không phát sinh bạo lực gia đình, tảo hôn.",
            "Sinh hoạt câu lạc bộ hằng tháng; lồng ghép pháp luật hôn nhân và gia đình; tổ hòa giải can thiệp sớm.",
            "Cặp vợ chồng trẻ, gia đình có nguy cơ",
            "Chi hội Phụ nữ chủ trì; công an xã, tổ hòa giải phối hợp",
            "{n} thành viên; 12 buổi sinh hoạt; không có vụ bạo lực gia đình",
        ),
        (
            "Thắp sáng đường quê",
            "Tuyến đường trong ấp chưa có đèn, người dân đi lại ban đêm khó khăn, mất an toàn.",
            "Lắp {k} bóng đèn năng lượng mặt trời trên {n} trăm mét đường.",
            "Vận động con em xa quê, mạnh thường quân đóng góp; hộ dân góp ngày công; tổ tự quản bảo quản đèn.",
            "Hộ dân trên tuyến đường",
            "Ban công tác Mặt trận ấp chủ trì; Đoàn Thanh niên, Hội Cựu chiến binh phối hợp",
            "{k} đèn chiếu sáng; biên bản bàn giao cho tổ tự quản",
        ),
        (
            "Dạy bơi miễn phí phòng chống đuối nước trẻ em",
            "Vùng sông nước nhiều kênh rạch; nhiều em chưa biết bơi, nguy cơ đuối nước mùa hè.",
            "{k} em biết bơi an toàn sau mùa hè.",
            "Mở lớp bơi tại hồ bơi di động; huấn luyện viên tình nguyện; phụ huynh đưa đón, giám sát.",
            "Trẻ em 6–15 tuổi",
            "Đoàn Thanh niên chủ trì; Hội Chữ thập đỏ, nhà trường phối hợp",
            "{k} em hoàn thành lớp bơi; danh sách học viên",
        ),
    ],
    "security_defence": [
        (
            "Camera an ninh tự quản",
            "Trộm cắp vặt, đua xe trái phép xảy ra về đêm; lực lượng tuần tra mỏng.",
            "Lắp {k} camera tại các điểm giao thông chính; giảm 50% vụ trộm cắp.",
            "Họp dân bàn cách làm; hộ dân góp kinh phí; công an xã kết nối xem hình ảnh; tổ an ninh trực theo lịch.",
            "Hộ dân, hộ kinh doanh trên địa bàn",
            "Công an xã chủ trì; Ban nhân dân ấp, Hội Cựu chiến binh phối hợp",
            "{k} camera hoạt động; sổ ghi vụ việc được phát hiện qua camera",
        ),
        (
            "Tổ tự quản đoàn kết giữ gìn an ninh trật tự",
            "Địa bàn có nhiều lao động từ nơi khác đến ở trọ, khó quản lý.",
            "{n} hộ tham gia tổ tự quản; 100% người ở trọ được đăng ký tạm trú.",
            "Chia tổ liên gia; tổ trưởng nắm tình hình từng hộ; họp tổ hằng tháng; báo tin qua nhóm Zalo an ninh.",
            "Hộ dân, chủ nhà trọ, người lao động ở trọ",
            "Công an phường chủ trì; Ban điều hành khu phố, Đoàn Thanh niên phối hợp",
            "{n} hộ trong tổ tự quản; sổ đăng ký tạm trú; nhóm Zalo an ninh",
        ),
        (
            "Khu dân cư không có tội phạm và tệ nạn ma túy",
            "Có người nghiện ma túy tái nghiện; thanh thiếu niên tụ tập về khuya.",
            "Không phát sinh người nghiện mới; {k} người sau cai được giúp việc làm.",
            "Tuyên truyền tác hại ma túy tại trường học; gia đình cam kết; giới thiệu việc làm cho người sau cai.",
            "Thanh thiếu niên, người sau cai nghiện và gia đình",
            "Công an xã chủ trì; Đoàn Thanh niên, Hội Cựu chiến binh phối hợp",
            "Bản cam kết của gia đình; {k} người sau cai có việc làm",
        ),
        (
            "Tổ hòa giải ở cơ sở giỏi",
            "Tranh chấp đất đai, lối đi giữa các hộ kéo dài, dễ thành khiếu kiện.",
            "Hòa giải thành trên 90% vụ việc; không để phát sinh khiếu kiện vượt cấp.",
            "Kiện toàn tổ hòa giải gồm người có uy tín; tập huấn kỹ năng; hòa giải ngay từ khi mới phát sinh.",
            "Hộ dân có mâu thuẫn, tranh chấp",
            "Ban công tác Mặt trận chủ trì; trưởng ấp, công chức tư pháp phối hợp",
            "Sổ theo dõi hòa giải; tỷ lệ hòa giải thành trên 90%",
        ),
        (
            "Cảm hóa, giúp đỡ người lầm lỗi hoàn lương",
            "Người chấp hành xong án phạt tù trở về gặp khó khăn việc làm, dễ tái phạm.",
            "{k} người được nhận đỡ đầu; không có người tái phạm.",
            "Mỗi đoàn viên, hội viên nhận đỡ đầu một người; giới thiệu vay vốn, học nghề; thăm hỏi định kỳ.",
            "Người chấp hành xong án phạt tù",
            "Công an xã chủ trì; Mặt trận, các đoàn thể phối hợp",
            "{k} người được đỡ đầu; hồ sơ theo dõi từng trường hợp",
        ),
        (
            "Tiếng kẻng liên gia phòng cháy, chống trộm",
            "Nhà cửa san sát, nhiều nhà vách lá; khi có cháy hoặc trộm không báo kịp cho nhau.",
            "{n} tổ liên gia có kẻng báo động; diễn tập phòng cháy 2 lần trong năm.",
            "Treo kẻng tại mỗi tổ; quy ước hiệu lệnh; trang bị bình chữa cháy; diễn tập phương án tại chỗ.",
            "Hộ dân trong tổ liên gia",
            "Công an xã chủ trì; tổ liên gia, Đoàn Thanh niên phối hợp",
            "{n} điểm kẻng; 2 buổi diễn tập; bình chữa cháy tại các tổ",
        ),
        (
            "Vận động thanh niên lên đường nhập ngũ",
            "Một số thanh niên trong diện gọi nhập ngũ còn ngại khó, gia đình chưa yên tâm.",
            "Giao quân đạt 100% chỉ tiêu; không có thanh niên trốn, né tránh nghĩa vụ.",
            "Gặp gỡ từng gia đình; cựu chiến binh chia sẻ kinh nghiệm; tổ chức tiễn tân binh trang trọng; thăm gia đình quân nhân.",
            "Thanh niên trong độ tuổi nhập ngũ và gia đình",
            "Ban Chỉ huy quân sự xã chủ trì; Đoàn Thanh niên, Hội Cựu chiến binh phối hợp",
            "Tỷ lệ giao quân 100%; danh sách gia đình được thăm hỏi",
        ),
    ],
    "political_system": [
        (
            "Ngày thứ bảy lắng nghe dân",
            "Người dân ngại đến trụ sở phản ánh; nhiều kiến nghị nhỏ chậm được giải quyết.",
            "Tiếp {k} lượt ý kiến; giải quyết dứt điểm trên 90% kiến nghị trong tháng.",
            "Bí thư, trưởng ấp ngồi tại nhà văn hóa sáng thứ bảy; ghi sổ kiến nghị; trả lời công khai tại cuộc họp dân.",
            "Người dân trên địa bàn",
            "Chi bộ ấp chủ trì; Ban nhân dân ấp, Mặt trận phối hợp",
            "Sổ tiếp dân; tỷ lệ kiến nghị được giải quyết",
        ),
        (
            "Một cửa thân thiện, hướng dẫn dịch vụ công trực tuyến",
            "Người cao tuổi, người ít dùng điện thoại lúng túng khi làm thủ tục trực tuyến.",
            "Hướng dẫn {k} lượt người dân; trên 80% hồ sơ nộp trực tuyến.",
            "Bố trí đoàn viên hỗ trợ tại bộ phận một cửa; làm video hướng dẫn ngắn; nhắn tin nhắc hẹn trả kết quả.",
            "Người dân đến làm thủ tục hành chính",
            "Văn phòng Ủy ban chủ trì; Đoàn Thanh niên phối hợp",
            "{k} lượt hướng dẫn; tỷ lệ hồ sơ trực tuyến trên 80%",
        ),
        (
            "Đối thoại trực tiếp giữa người đứng đầu và nhân dân",
            "Một số chủ trương chưa được người dân hiểu đúng, còn băn khoăn.",
            "Tổ chức {k} buổi đối thoại; trả lời tại chỗ trên 80% ý kiến.",
            "Thông báo trước nội dung; mời đại diện các hộ; ghi nhận, trả lời công khai; theo dõi việc thực hiện kết luận.",
            "Người dân, đại diện các hộ",
            "Đảng ủy, Ủy ban chủ trì; Mặt trận, các đoàn thể phối hợp",
            "Biên bản {k} buổi đối thoại; bảng theo dõi kết luận",
        ),
        (
            "Mỗi đảng viên phụ trách mười hộ dân",
            "Đảng viên sinh hoạt đều nhưng chưa gắn với việc cụ thể ở khu dân cư.",
            "{n} đảng viên phụ trách {k} hộ; nắm chắc tình hình, vận động hộ thực hiện tốt chủ trương.",
            "Phân công mỗi đảng viên phụ trách hộ gần nhà; báo cáo tại sinh hoạt chi bộ; đánh giá cuối năm gắn với xếp loại đảng viên.",
            "Hộ dân trong khu dân cư",
            "Chi bộ chủ trì; Ban nhân dân, các chi hội phối hợp",
            "Danh sách phân công; sổ theo dõi của chi bộ",
        ),
        (
            "Giám sát cộng đồng công trình giao thông nông thôn",
            "Người dân góp tiền làm đường nhưng chưa được tham gia giám sát chất lượng.",
            "Giám sát {k} công trình; không có công trình kém chất lượng.",
            "Bầu ban giám sát đầu tư của cộng đồng; tập huấn đọc bản vẽ, dự toán; báo cáo công khai tại họp dân.",
            "Người dân góp vốn làm đường",
            "Ban công tác Mặt trận chủ trì; Ban giám sát đầu tư cộng đồng thực hiện",
            "Biên bản giám sát {k} công trình; báo cáo công khai",
        ),
    ],
    "other": [
        (
            "Hiến đất mở rộng đường giao thông nông thôn",
            "Đường nhỏ hẹp, xe cứu thương, xe chở nông sản không vào được.",
            "Mở rộng {k} km đường; {n} hộ hiến đất, tháo dỡ hàng rào.",
            "Người có uy tín vận động từng hộ; cán bộ đảng viên gương mẫu hiến trước; công khai đóng góp; hỗ trợ hộ khó khăn làm lại hàng rào.",
            "Hộ dân hai bên tuyến đường",
            "Ban nhân dân ấp chủ trì; Mặt trận, Hội Cựu chiến binh phối hợp",
            "{k} km đường mở rộng; danh sách {n} hộ hiến đất",
        ),
        (
            "Chung tay xây cầu bê tông thay cầu khỉ",
            "Học sinh phải qua cầu khỉ đến trường, mùa nước lên rất nguy hiểm.",
            "Xây {k} cây cầu bê tông; học sinh đi học an toàn.",
            "Vận động doanh nghiệp, mạnh thường quân; hộ dân góp ngày công; giám sát cộng đồng quá trình thi công.",
            "Hộ dân, học sinh qua lại",
            "Mặt trận chủ trì; Ủy ban, các đoàn thể phối hợp",
            "{k} cầu bê tông; biên bản nghiệm thu; bảng công khai đóng góp",
        ),
        (
            "Trồng cây xanh chống sạt lở bờ sông",
            "Bờ sông sạt lở hằng năm, nhiều hộ phải di dời.",
            "Trồng {k} cây bần, dừa nước trên {n} trăm mét bờ sông.",
            "Đoàn viên ra quân trồng cây; hộ ven sông nhận chăm sóc; không xả rác, không lấn chiếm bờ sông.",
            "Hộ dân ven sông",
            "Đoàn Thanh niên chủ trì; Hội Nông dân, Ban nhân dân ấp phối hợp",
            "{k} cây xanh; cam kết của hộ ven sông",
        ),
        (
            "Nước sạch cho vùng hạn mặn",
            "Mùa khô nước nhiễm mặn, nhiều hộ thiếu nước sinh hoạt.",
            "Trao {k} bồn chứa nước; {n} hộ có nước sạch mùa khô.",
            "Khảo sát hộ thiếu nước; vận động tài trợ bồn chứa, lu; hướng dẫn trữ nước, tiết kiệm nước.",
            "Hộ nghèo, hộ vùng hạn mặn",
            "Hội Liên hiệp Phụ nữ chủ trì; Mặt trận, doanh nghiệp phối hợp",
            "{k} bồn chứa nước được trao; danh sách hộ nhận",
        ),
        (
            "Mỗi người dân một tài khoản định danh điện tử",
            "Nhiều người chưa kích hoạt định danh điện tử, chưa dùng được dịch vụ công trực tuyến.",
            "{k} người được kích hoạt tài khoản định danh điện tử mức 2.",
            "Tổ công nghệ số cộng đồng đến từng hộ; hỗ trợ cài đặt ứng dụng; hướng dẫn thanh toán không dùng tiền mặt.",
            "Người dân từ 14 tuổi trở lên",
            "Công an xã chủ trì; tổ công nghệ số cộng đồng, Đoàn Thanh niên phối hợp",
            "{k} tài khoản được kích hoạt; danh sách theo tổ",
        ),
        (
            "Thu gom bao bì thuốc bảo vệ thực vật trên đồng ruộng",
            "Bao bì thuốc bảo vệ thực vật vứt bừa bãi trên bờ ruộng, kênh mương.",
            "Đặt {k} bể chứa bao bì; thu gom định kỳ, không còn vứt bừa bãi.",
            "Xây bể chứa tại đầu bờ; tuyên truyền tại các buổi họp; hợp đồng với đơn vị xử lý chất thải nguy hại.",
            "Hộ trồng lúa, trồng màu",
            "Hội Nông dân chủ trì; hợp tác xã, Ủy ban phối hợp",
            "{k} bể chứa; biên bản bàn giao chất thải cho đơn vị xử lý",
        ),
    ],
}
# Individual exemplars: (field, title after the person's name, situation, solutions, outputs)
INDIVIDUALS = [
    (
        "other",
        "gương hiến đất làm đường",
        "hiến {k} m² đất và tháo dỡ hàng rào để mở rộng đường liên ấp",
        "Tự nguyện hiến đất trước, rồi cùng cán bộ ấp đến vận động các hộ lân cận.",
    ),
    (
        "economic",
        "nông dân sản xuất, kinh doanh giỏi",
        "làm kinh tế vườn hiệu quả, giúp {k} hộ nghèo có việc làm",
        "Chia sẻ kỹ thuật, cho mượn giống, bao tiêu sản phẩm cho hộ khó khăn.",
    ),
    (
        "culture_society",
        "người mẹ đỡ đầu trẻ mồ côi",
        "nhận đỡ đầu {k} em mồ côi, hỗ trợ các em đến trường",
        "Thăm nom hằng tháng, vận động học bổng, đồng hành với gia đình các em.",
    ),
    (
        "security_defence",
        "tổ trưởng hòa giải tận tâm",
        "hòa giải thành {k} vụ tranh chấp, không để phát sinh khiếu kiện",
        "Đến tận nhà nghe hai bên, giải thích pháp luật bằng lời lẽ gần gũi.",
    ),
    (
        "political_system",
        "bí thư chi bộ sâu sát dân",
        "nắm từng hộ, vận động {k} hộ thực hiện tốt chủ trương của địa phương",
        "Đi từng nhà, lắng nghe, giải quyết kiến nghị ngay tại cơ sở.",
    ),
    (
        "culture_society",
        "cô giáo mở lớp học tình thương",
        "dạy chữ miễn phí cho {k} em có hoàn cảnh khó khăn",
        "Mở lớp buổi tối, vận động sách vở, học bổng cho các em.",
    ),
]
# Collective exemplars: (field, name, situation, solutions)
COLLECTIVES = [
    (
        "economic",
        "Chi hội Cựu chiến binh giúp nhau làm kinh tế",
        "Hội viên cựu chiến binh tuổi cao, nhiều hộ còn khó khăn.",
        "Góp vốn xoay vòng, chia sẻ kinh nghiệm, giúp ngày công cho hội viên khó khăn.",
    ),
    (
        "culture_society",
        "Chi đoàn thanh niên tình nguyện vì cộng đồng",
        "Thanh niên muốn đóng góp nhưng hoạt động chưa thường xuyên.",
        "Ra quân hằng tháng làm đường, dọn vệ sinh, hỗ trợ người già neo đơn.",
    ),
    (
        "political_system",
        "Ban nhân dân đoàn kết xây dựng nông thôn mới kiểu mẫu",
        "Địa bàn còn thiếu một số tiêu chí nông thôn mới kiểu mẫu.",
        "Họp dân bàn bạc công khai, phân công từng tiêu chí cho các tổ, các đoàn thể.",
    ),
]
PURPOSES = {
    "economic": "Nâng cao thu nhập, giúp hộ nghèo vươn lên; người dân tự nguyện, tự giác tham gia.",
    "culture_society": "Xây dựng đời sống văn hóa, môi trường xanh – sạch – đẹp; người dân cùng làm, cùng hưởng.",
    "security_defence": "Giữ vững an ninh trật tự từ cơ sở; người dân chủ động tham gia bảo vệ xóm làng.",
    "political_system": "Cán bộ gần dân, hiểu dân, giải quyết kịp thời kiến nghị; củng cố lòng tin của nhân dân.",
    "other": "Phát huy sức dân, tạo chuyển biến rõ nét tại địa bàn theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.",
}
SUSTAINABILITY = [
    "Có quy chế hoạt động, kinh phí do người dân duy trì; có thể nhân rộng ra các ấp, khóm lân cận.",
    "Cách làm đơn giản, chi phí thấp, người dân tự quản; đã có đơn vị bạn đến học tập.",
    "Gắn với quy ước của khu dân cư nên duy trì lâu dài; dễ nhân rộng ở địa bàn có điều kiện tương tự.",
]
ADVANTAGES = [
    "Được cấp ủy, chính quyền quan tâm; người dân đồng tình, ủng hộ.",
    "Có người có uy tín đi đầu; các đoàn thể phối hợp chặt chẽ.",
    "Con em xa quê, mạnh thường quân sẵn sàng hỗ trợ.",
]
DIFFICULTIES = [
    "Kinh phí ban đầu còn hạn chế; một số hộ còn ngần ngại.",
    "Người dân đi làm ăn xa nhiều, khó tập trung họp.",
    "Thời tiết, hạn mặn ảnh hưởng tiến độ.",
]
FINDINGS = [
    "Triển khai đúng kế hoạch; người dân tham gia đông; sổ sách ghi chép đầy đủ.",
    "Đã hoàn thành phần lớn mục tiêu; cần bổ sung hình ảnh, biên bản họp dân.",
    "Có chuyển biến rõ; một số hộ chưa duy trì đều, cần tiếp tục vận động.",
]
RECOMMENDATIONS = [
    "Tiếp tục duy trì; tổng hợp số liệu để đề nghị công nhận cuối năm.",
    "Bổ sung minh chứng kết quả; phân công cụ thể hơn cho các đoàn thể.",
    "Mở rộng thêm đối tượng tham gia; chia sẻ kinh nghiệm cho đơn vị bạn.",
]

WITHDRAW = "Đơn vị sáp nhập địa bàn, xin rút đăng ký để đăng ký lại theo địa bàn mới."
RETURN_COMMENTS = [
    "Đề nghị ghi rõ địa chỉ thực hiện và số hộ tham gia; bổ sung mục tiêu có thể đo được.",
    "Nội dung giải pháp còn chung chung; đề nghị nêu cụ thể cách vận động nhân dân.",
    "Đề nghị bổ sung nguồn lực (kinh phí, ngày công) và người chịu trách nhiệm từng phần việc.",
]
REJECT_COMMENTS = [
    "Trùng với mô hình đơn vị đã đăng ký năm trước mà không có nội dung mới.",
    "Nội dung là nhiệm vụ chuyên môn thường xuyên, chưa phải mô hình dân vận khéo.",
]
DECLINE_COMMENTS = [
    "Kết quả chưa đạt mục tiêu đăng ký; điểm bình quân dưới ngưỡng công nhận.",
    "Minh chứng chưa thuyết phục; người dân tham gia chưa đông.",
]
PLAN_NOTES = [
    "Ban Chỉ đạo phân công cán bộ theo dõi, hỗ trợ; kiểm tra giữa kỳ vào tháng 7.",
    "Đồng ý triển khai; lồng ghép với chương trình xây dựng nông thôn mới; báo cáo tiến độ hằng quý.",
    "Thống nhất kế hoạch; đề nghị đơn vị lưu giữ hình ảnh, số liệu đầu kỳ để so sánh.",
]
RESULTS = [
    "Đạt và vượt các mục tiêu đã đăng ký; người dân đồng tình, tự nguyện tham gia; đã có đơn vị bạn đến học tập.",
    "Hoàn thành 100% mục tiêu; huy động được nguồn lực xã hội hóa lớn hơn dự kiến.",
    "Đạt phần lớn mục tiêu; mô hình được duy trì đều, có sổ sách, hình ảnh minh chứng đầy đủ.",
]
